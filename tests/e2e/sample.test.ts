/** The app as a visitor meets it: open the page, load the sample, see the report and the rows. */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { notebookSettled, openData, reportNumber, previewGrid, SAMPLE_ROWS } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();

describe('loading the sample data', () => {
  it('shows the rows and a load report with real numbers, with no foreign request and no page error', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await openData(page);

    const grid = previewGrid(page);
    await grid.waitFor({ timeout: 60_000 });
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(SAMPLE_ROWS + 1));
    await expect.poll(() => grid.getByRole('row').count()).toBeGreaterThan(10);
    expect(await grid.getByRole('row').count()).toBeLessThan(100);
    await expect.poll(() => page.getByTestId('preview').getByTestId('grid-meta').innerText()).toMatch(/50,081 rows · read in [\d,]+ ms/);

    const rowsRead = await reportNumber(page, 'rows-read');
    expect(rowsRead).toBeGreaterThanOrEqual(49_500);
    expect(rowsRead).toBeLessThanOrEqual(50_500);
    expect(await reportNumber(page, 'customers')).toBeGreaterThan(1_000);
    expect(await reportNumber(page, 'orders')).toBeGreaterThan(await reportNumber(page, 'customers'));
    expect(await reportNumber(page, 'revenue')).toBeGreaterThan(0);
    expect(await page.locator('[data-stat="date-range"]').innerText()).toMatch(/^2022-01-01.*2024-12-31/);

    const tables = page.getByRole('navigation', { name: 'Tables' });
    await expect.poll(() => tables.getByRole('button', { name: /shop/ }).count()).toBeGreaterThan(0);
    expect(watched.foreign()).toEqual([]);
    expect(watched.errors).toEqual([]);
    expect(watched.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
    await watched.context.close();
  });

  it('scrolls deep into the rows while rendering only those in view', async () => {
    const { page, context, errors } = await suite.open();
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await openData(page);
    const grid = previewGrid(page);
    await grid.waitFor({ timeout: 60_000 });
    await grid.evaluate((el) => (el.scrollTop = 40_000 * 30));
    await expect.poll(() => grid.locator('[aria-rowindex="40002"]').count()).toBe(1);
    expect(await grid.getByRole('row').count()).toBeLessThan(100);
    expect(await grid.locator('[aria-rowindex="40002"] [role=rowheader]').innerText()).toBe('40001');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('applies a changed role mapping and remembers it for the next file with the same columns', async () => {
    const { page, context, errors } = await suite.open();
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await openData(page);
    await previewGrid(page).waitFor({ timeout: 60_000 });
    const returnsBefore = await reportNumber(page, 'returns');
    expect(returnsBefore).toBeGreaterThan(0);

    await page.locator('select[data-role="status"]').selectOption('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => reportNumber(page, 'returns'), { timeout: 30_000 }).toBeLessThan(returnsBefore);
    const returnsAfter = await reportNumber(page, 'returns');

    await page.reload();
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await openData(page);
    await page.getByText('Using the mapping you chose before').waitFor({ timeout: 60_000 });
    expect(await page.locator('select[data-role="status"]').inputValue()).toBe('');
    expect(await reportNumber(page, 'returns')).toBe(returnsAfter);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers first: headline tiles and analyses above the fold, the data folded, analysis SQL folded', async () => {
    const { page, context, errors } = await suite.open();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await notebookSettled(page);
    expect(await page.locator('#data-title button').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('load-summary').innerText()).toMatch(/^50,081 rows read · [\d,]+ customers · [\d,]+ orders/);
    const bottom = async (target: Locator) => ((await target.boundingBox())?.y ?? Infinity) + ((await target.boundingBox())?.height ?? 0);
    expect(await bottom(page.getByTestId('headline'))).toBeLessThanOrEqual(900);
    expect(await bottom(page.getByRole('toolbar', { name: 'Built-in analyses' }))).toBeLessThanOrEqual(900);
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.getByRole('combobox', { name: /^(Language|语言)$/ }).selectOption(lang);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(200);
        await page.screenshot({ path: path.resolve(`docs/first-screen-${lang}-${scheme}.png`) });
      }
    }
    await page.getByRole('combobox', { name: /^(Language|语言)$/ }).selectOption('en');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Cohort retention' }).click();
    const cohort = page.locator('[data-cell-id][data-name="cohort_retention"]');
    await expect.poll(() => cohort.getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    expect(await cohort.locator('.cm-editor').count()).toBe(0);
    expect(await cohort.getByText('Code hidden.').count()).toBe(1);
    await cohort.getByRole('button', { name: 'Show the code' }).click();
    await expect.poll(() => cohort.locator('.cm-editor').count()).toBe(1);

    expect(await page.getByRole('button', { name: /Show rows of cb_orders/ }).isVisible()).toBe(false);
    await page.getByText(/Prepared for analysis/).click();
    await page.getByRole('button', { name: /Show rows of cb_orders/ }).click();
    expect(await page.locator('#data-title button').getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches the interface to Chinese', async () => {
    const { page, context } = await suite.open();
    await page.goto(suite.server.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => page.getByRole('button', { name: '加载示例数据' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await context.close();
  });

  it('takes the README screenshot: the tour notebook with its chart', async () => {
    const { page, context } = await suite.open();
    await page.setViewportSize({ width: 1360, height: 1020 });
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.locator('[data-name=revenue_chart] [data-testid=chart][data-ready=true] svg').waitFor({ timeout: 60_000 });
    await page.locator('[data-name=revenue_chart]').evaluate((el) => {
      const bottom = el.getBoundingClientRect().bottom + window.scrollY;
      window.scrollTo(0, bottom - window.innerHeight + 24);
    });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    const out = path.resolve('docs/screenshot.png');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    expect(fs.statSync(out).size).toBeGreaterThan(20_000);
    await context.close();
  });
});

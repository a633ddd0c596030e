/**
 * The notebook in the browser: the tour opens and runs on first start; a notebook built by hand
 * re-runs only what an edit affects, survives a reload, round-trips through its file, and exports a
 * report that opens with the network off.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite } from './suite';
import {
  addSqlCell,
  cell,
  downloadText,
  importNotebook,
  newNotebook,
  openWithSample,
  outline,
  runCounts,
  settled,
  setSql,
  sqlOf,
} from './notebook-helpers';

const suite = browserSuite();

describe('the notebook', () => {
  it('opens the tour on first start and runs every kind of cell', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    expect(await page.getByRole('textbox', { name: 'Notebook title' }).inputValue()).toBe('A tour of your shop');
    expect(await outline(page)).toEqual(expect.arrayContaining(['sql:orders_by_month', 'sql:revenue_trend', 'chart:revenue_chart', 'sql:top_customers', 'model:churn_scores']));
    for (const name of ['orders_by_month', 'revenue_trend', 'top_customers', 'revenue_chart']) {
      expect(await cell(page, name).getAttribute('data-status')).toBe('ok');
    }
    expect(await cell(page, 'churn_scores').getAttribute('data-status')).toBe('ok');
    expect(await cell(page, 'churn_scores').getByTestId('model-sentence').innerText()).toMatch(/did not buy again within 90 days/);
    await cell(page, 'revenue_chart').locator('[data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });
    expect(await cell(page, 'orders_by_month').getByRole('grid').getAttribute('aria-rowcount')).toBe(String(36 + 1));
    await expect.poll(() => cell(page, 'orders_by_month').getByRole('status').innerText()).toMatch(/^36 rows · [\d,.]+ ms/);
    expect(await page.locator('[data-kind=markdown] h1').first().innerText()).toBe('A tour of your shop');
    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    expect(watched.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
    await watched.context.close();
  });

  it('completes table and column names from the live schema, a table made a moment ago included', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await newNotebook(page);
    const made = await addSqlCell(page, 'fresh_table', 'SELECT 1 AS freshly_made_column');
    await made.getByRole('button', { name: 'Run' }).click();
    await settled(page);
    await addSqlCell(page, 'typing', 'SELECT 1');
    await cell(page, 'typing').locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await page.keyboard.type('SELECT fresh_table.freshly_m');
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('freshly_made_column')]));
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('SELECT * FROM cb_custo');
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('cb_customers')]));
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });

  it('re-runs only downstream cells, survives a reload, round-trips its file and exports an offline report', async () => {
    const watched = await suite.open();
    const { page, context } = watched;
    await openWithSample(page, suite.server.url);
    await newNotebook(page);

    await addSqlCell(page, 'base', 'SELECT customer_id, revenue FROM cb_orders');
    await addSqlCell(page, 'summary', 'SELECT count(*) AS orders, round(sum(revenue), 2) AS total FROM base');
    await addSqlCell(page, 'unrelated', 'SELECT 42 AS answer');
    await page.getByRole('button', { name: 'Add a Chart cell' }).click();
    const chart = page.locator('[data-kind=chart]');
    await chart.locator('[data-chart-field=data]').selectOption('summary');
    await page.getByRole('button', { name: 'Run all' }).click();
    await settled(page);
    await chart.locator('[data-chart-field=mark]').selectOption('bar');
    await chart.locator('[data-chart-field=x]').selectOption('orders');
    await chart.locator('[data-chart-field=y]').selectOption('total');
    await chart.locator('[data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });
    await settled(page);
    const chartName = (await chart.getAttribute('data-name'))!;
    const names = ['base', 'summary', 'unrelated', chartName];

    const before = await runCounts(page, names);
    await setSql(page, 'base', 'SELECT customer_id, revenue FROM cb_orders WHERE revenue > 50');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => runCounts(page, names)).toEqual({ ...before, base: before.base! + 1, summary: before.summary! + 1, [chartName]: before[chartName]! + 1 });
    await settled(page);

    const middle = await runCounts(page, names);
    await setSql(page, 'summary', 'SELECT count(*) AS orders, round(sum(revenue), 0) AS total FROM base');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => runCounts(page, names)).toEqual({ ...middle, summary: middle.summary! + 1, [chartName]: middle[chartName]! + 1 });
    await settled(page);

    const shape = await outline(page);
    const sources = { base: await sqlOf(page, 'base'), summary: await sqlOf(page, 'summary') };
    await page.waitForTimeout(600);
    await page.reload();
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page);
    expect(await outline(page)).toEqual(shape);
    expect(await sqlOf(page, 'base')).toBe(sources.base);
    expect(await sqlOf(page, 'summary')).toBe(sources.summary);
    expect(await cell(page, 'summary').getAttribute('data-status')).toBe('ok');
    await chart.locator('[data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });

    const saved = await downloadText(page, () => page.getByRole('button', { name: 'Save notebook' }).click());
    expect(saved.name).toMatch(/\.cohortbook\.md$/);
    expect(saved.text).toContain('```sql name=base');
    await importNotebook(page, saved.text, saved.name);
    await expect.poll(() => outline(page)).toEqual(shape);
    await settled(page);
    expect(await sqlOf(page, 'summary')).toBe(sources.summary);
    const again = await downloadText(page, () => page.keyboard.press('ControlOrMeta+S'));
    expect(again.text).toBe(saved.text);

    // The report holds what the user picks: here the table of customers too, with its ids hashed.
    await page.getByRole('button', { name: 'Export report' }).click();
    await page.getByLabel('Include, with ids replaced by their SHA-256').check();
    const report = await downloadText(page, () => page.getByRole('button', { name: 'Download report' }).click());
    await expect.poll(() => page.getByTestId('report-saved').innerText()).toMatch(/^Saved .+\.html \([\d.]+ (kB|MB)\)\.$/);
    expect(report.text).toMatch(/<td>[0-9a-f]{64}<\/td>/);
    expect(report.text).not.toMatch(/<td>C\d+<\/td>/);
    expect(report.name).toMatch(/\.html$/);
    const reader = await suite.browser.newContext({ javaScriptEnabled: false });
    const requests: string[] = [];
    reader.on('request', (request) => requests.push(request.url()));
    await reader.setOffline(true);
    const view = await reader.newPage();
    await view.setContent(report.text, { waitUntil: 'load' });
    expect(await view.locator('figure.chart svg').count()).toBeGreaterThan(0);
    expect(await view.locator('table').count()).toBeGreaterThanOrEqual(3);
    expect(await view.locator('h2', { hasText: 'summary' }).count()).toBe(1);
    expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);
    await reader.close();

    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await context.close();
  });
});

/**
 * The date range in the browser (src/analyses/date-range.ts): on the sample, "Last 3 months" and custom dates
 * rewrite the notebook's period cells, every one-click analysis reads them (checked by a SQL cell against the
 * canonical tables), the headline compares the period with the one before, and the range survives a reload.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './suite';
import { addSqlCell, cell, importNotebook, newNotebook, openWithSample, settled } from './notebook-helpers';
import { salesByPeriodSql } from '../../src/analyses/sales';

const suite = browserSuite();

/**
 * One line a test can read: the months of `sales_by_month`, whether it starts with the period's first month,
 * and whether the cohorts hold exactly the customers whose first order falls in the period.
 */
const CHECK_SQL = `SELECT count(*) || ' months; starts with the period: ' ||
  (min(period) = (SELECT CAST(date_trunc('month', first_day) AS DATE) FROM period)) || '; cohorts are the customers won: ' ||
  ((SELECT sum(cohort_size) FROM cohort_retention WHERE period_index = 0) =
   (SELECT count(*) FROM cb_customers, period WHERE CAST(first_ts AS DATE) BETWEEN first_day AND last_day)) AS check_text
FROM sales_by_month`;

async function checkText(page: Page): Promise<string> {
  const texts = await cell(page, 'range_check').getByRole('gridcell').allInnerTexts();
  return (texts.find((text) => text.includes('months')) ?? '').trim();
}

async function runCheck(page: Page): Promise<void> {
  await cell(page, 'range_check').getByRole('button', { name: 'Run', exact: true }).click();
  await settled(page);
}

describe('date range', () => {
  it('applies the last 3 months and custom dates to every analysis, compares the headline, and keeps the range', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await newNotebook(page);
    const toolbar = page.getByRole('toolbar', { name: 'Built-in analyses' });
    await toolbar.getByRole('button', { name: 'Sales over time', exact: true }).click();
    await cell(page, 'sales_by_month').waitFor();
    await toolbar.getByRole('button', { name: 'Cohort retention', exact: true }).click();
    await cell(page, 'cohort_retention').waitFor();
    await settled(page);
    // The analyses brought the period cells (all data) with them.
    expect(await page.locator('[data-cell-id][data-name=period]').count()).toBe(1);
    await addSqlCell(page, 'range_check', CHECK_SQL);
    await runCheck(page);
    await expect.poll(() => checkText(page)).toMatch(/^36 months; starts with the period: true; cohorts are the customers won: true$/);
    const headline = page.getByTestId('headline');
    expect(await headline.locator('[data-before]').count()).toBe(0);

    await page.getByTestId('range-select').selectOption('last-3');
    await expect.poll(() => page.getByTestId('range-period').innerText(), { timeout: 30_000 }).toBe('2024-10-01 – 2024-12-31');
    await settled(page);
    await expect.poll(() => checkText(page), { timeout: 30_000 }).toMatch(/^3 months; starts with the period: true; cohorts are the customers won: true$/);
    await expect.poll(() => headline.innerText()).toMatch(/Last 3 months \(2024-10-01 – 2024-12-31\): [\d,]+ customers ordered, (up|down) from [\d,]+; repeat rate \d+%, (up from|down from|the same as the) \d+%/);
    expect(await headline.locator('[data-before=repeat-share]').innerText()).toMatch(/^before: \d+%$/);
    // The cohort heatmap shows the cohorts of the period only.
    const heatmap = cell(page, 'cohort_heatmap').locator('[data-testid=chart][data-ready=true] svg');
    await heatmap.scrollIntoViewIfNeeded();
    await expect.poll(() => heatmap.innerHTML()).not.toContain('2024-09');

    await page.getByTestId('range-select').selectOption('custom');
    await page.getByTestId('range-from').fill('2023-01-01');
    await page.getByTestId('range-to').fill('2023-06-30');
    await page.getByTestId('range-apply').click();
    await expect.poll(() => page.getByTestId('range-period').innerText(), { timeout: 30_000 }).toBe('2023-01-01 – 2023-06-30');
    await settled(page);
    await expect.poll(() => checkText(page), { timeout: 30_000 }).toMatch(/^6 months; starts with the period: true; cohorts are the customers won: true$/);
    await expect.poll(() => headline.innerText()).toMatch(/2023-01-01 to 2023-06-30 \(2023-01-01 – 2023-06-30\): .*\(compared with the period before\)/);

    // Dates in the wrong order are refused in words, and nothing changes.
    await page.getByTestId('range-select').selectOption('custom');
    await page.getByTestId('range-from').fill('2023-06-30');
    await page.getByTestId('range-to').fill('2023-01-01');
    await page.getByTestId('range-apply').click();
    await expect.poll(() => page.getByTestId('date-range').getByRole('alert').innerText()).toContain('Pick two dates');

    // The range is the notebook's: it is there after a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('range-period').innerText(), { timeout: 60_000 }).toBe('2023-01-01 – 2023-06-30');
    expect(await page.getByTestId('range-select').inputValue()).toBe('custom');
    await settled(page);
    await expect.poll(() => checkText(page), { timeout: 30_000 }).toMatch(/^6 months; /);
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  }, 300_000);

  it('brings an analysis inserted before date ranges existed (it reads cb_orders) under the range chosen', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    const old = salesByPeriodSql('month');
    await importNotebook(page, `---\ntitle: Last year's notebook\n---\n\n\`\`\`sql name=${old.name} origin=sales\n${old.sql.trim()}\n\`\`\`\n`);
    const rows = () => cell(page, 'sales_by_month').getByRole('grid').getAttribute('aria-rowcount');
    await expect.poll(rows, { timeout: 60_000 }).toBe(String(36 + 1));
    await page.getByTestId('range-select').selectOption('last-6');
    await expect.poll(rows, { timeout: 60_000 }).toBe(String(6 + 1));
    await settled(page);
    expect(await page.locator('[data-cell-id][data-name=sales_by_month]').count()).toBe(1);
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  }, 180_000);
});

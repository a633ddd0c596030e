/**
 * Issue 19 in the browser: a marketplace report without a buyer column gets the plain sentence and only
 * the order-level analyses; a churn model that cannot beat the baseline leads with that warning and
 * guards its at-risk list; the CLV cell follows the data loaded now; a notebook whose storage fails
 * never says "saved"; an edit followed at once by closing the tab survives.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NO_CUSTOMER_COLUMN } from '../../src/ingest/load-problems';
import { MIXED_DATE_ORDERS, NO_BUYER_MARKETPLACE } from '../unit/ingest/bad-files';
import { openData } from './harness';
import { browserSuite } from './suite';
import { cell, downloadText, openWithSample, settled } from './notebook-helpers';

const suite = browserSuite();

/**
 * Customers who all buy at the same steady random rate (a Poisson process, no one ever leaves): the past
 * says nothing about who buys in the next 90 days, so no churn model can beat the recency rule.
 */
function steadyShop(options: { customers: number; start: string; days: number; seed: number }): string {
  let seed = options.seed;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return (seed + 0.5) / 2 ** 31;
  };
  const perDay = -Math.log(0.45) / 90; // 45% buy nothing in any 90 days
  const start = Date.parse(`${options.start}T00:00:00Z`);
  const lines = ['customer_id,order_id,order_date,amount'];
  let order = 1;
  for (let c = 1; c <= options.customers; c++) {
    let day = random() * options.days * 0.8;
    while (day < options.days) {
      const date = new Date(start + Math.floor(day) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`C${String(c).padStart(5, '0')},${order++},${date},${(10 + random() * 90).toFixed(2)}`);
      day += -Math.log(random()) / perDay;
    }
  }
  return lines.join('\n') + '\n';
}

async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.locator('input[type=file]').first().setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.locator('#data-title', { hasText: name }).waitFor({ timeout: 60_000 });
  await openData(page);
}

describe('trust: a plain refusal instead of a wrong answer', () => {
  it('a marketplace report without a buyer column: the sentence, order-level analyses only', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await openFile(page, '平台订单报表.csv', NO_BUYER_MARKETPLACE);
    const problem = page.locator('[data-testid=load-problems] [data-problem=no_customer_column]');
    expect((await problem.innerText()).startsWith(NO_CUSTOMER_COLUMN.en)).toBe(true);
    expect(await page.getByTestId('order-level').isVisible()).toBe(true);
    expect(await page.locator('[data-stat=customers]').count()).toBe(0);

    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page);
    await expect.poll(() => page.getByTestId('headline').innerText(), { timeout: 30_000 }).toContain(NO_CUSTOMER_COLUMN.en);
    const bar = page.getByRole('toolbar', { name: 'Built-in analyses' });
    for (const title of ['Cohort retention', 'Repurchase rate', 'RFM segments', 'Lifecycle stages', 'Time to next purchase', 'Customer lifetime value']) {
      expect({ title, disabled: await bar.getByRole('button', { name: title, exact: true }).isDisabled() }).toEqual({ title, disabled: true });
    }
    expect(await page.getByTestId('orders-only').isVisible()).toBe(true);
    expect(await cell(page, 'churn_scores').innerText()).toContain(NO_CUSTOMER_COLUMN.en);

    await bar.getByRole('button', { name: 'Sales over time', exact: true }).click();
    await cell(page, 'sales_by_month').waitFor();
    await settled(page);
    expect(await cell(page, 'sales_by_month').getAttribute('data-status')).toBe('ok');
    await expect.poll(() => cell(page, 'sales_by_month').getByRole('grid').getAttribute('aria-rowcount')).toBe(String(2 + 1));
    for (const chart of ['sales_revenue_chart', 'sales_orders_chart']) {
      await cell(page, chart).locator('[data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });
    }
    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });

  it('dates in two day/month orders: a problem at the top with the readings to pick', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await openFile(page, 'dates.csv', MIXED_DATE_ORDERS);
    const problem = page.locator('[data-testid=load-problems] [data-problem=unreadable_timestamp]');
    expect(await problem.innerText()).toMatch(/^3 rows \(37\.5%\) have a “date” value that is not a M\/D\/YYYY \(month first\) date/);
    expect(await page.locator('[data-stat=date-format]').innerText()).toMatch(/month first/);
    await problem.locator('[data-date-choice=day-first]').click();
    await expect.poll(() => page.locator('[data-stat=date-format]').innerText(), { timeout: 30_000 }).toMatch(/day first/);
    await expect.poll(() => page.locator('[data-stat=lines] dd').innerText()).toBe('4');
    expect(await page.getByTestId('date-choice').inputValue()).toBe('day-first');
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });

  it('a churn model that cannot beat the baseline says so first and guards its at-risk list', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    await openFile(page, 'steady.csv', steadyShop({ customers: 900, start: '2022-01-01', days: 730, seed: 7 }));
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page);
    const model = cell(page, 'churn_scores');
    await model.getByTestId('churn-results').waitFor({ timeout: 60_000 });
    const warning = model.getByTestId('model-warning');
    expect(await warning.innerText()).toMatch(/^This model (cannot tell who will leave much better than chance|is no better than a simple rule)/);
    // The warning comes before the sentence, and the sentence gives no risk counts as advice.
    const order = await model.evaluate((el) => {
      const w = el.querySelector('[data-testid=model-warning]')!;
      const s = el.querySelector('[data-testid=model-sentence]')!;
      return Boolean(w.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    expect(await model.getByTestId('model-sentence').innerText()).not.toMatch(/at high risk/);
    const exportButton = model.getByTestId('export-at-risk');
    expect(await exportButton.isDisabled()).toBe(true);
    await model.getByTestId('confirm-weak-model').check();
    const csv = await downloadText(page, () => exportButton.click());
    expect(csv.text.split('\r\n')[0]).toBe('customer_id,churn_probability,retention,risk_band,top_reasons');
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });

  it('the CLV cell derives its dates from the data loaded now: load A, run CLV, load B', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: 'Customer lifetime value', exact: true }).click();
    await cell(page, 'clv_scores').waitFor();
    await settled(page);
    const learned = () => cell(page, 'clv_scores').getByTestId('clv-sentence').innerText();
    expect(await learned()).toMatch(/up to 2024-0\d-\d\d/);

    await openFile(page, 'older-shop.csv', steadyShop({ customers: 300, start: '2015-01-01', days: 540, seed: 3 }));
    await expect.poll(learned, { timeout: 90_000 }).toMatch(/up to 2015-/);
    await settled(page);
    const date = /up to (\d{4}-\d{2}-\d{2})/.exec(await learned())![1]!;
    expect(date >= '2015-01-01' && date <= '2016-06-24').toBe(true);
    expect(await cell(page, 'clv_summary').getAttribute('data-status')).toBe('ok');
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});

describe('trust: the notebook is saved, or says it is not', () => {
  it('with IndexedDB failing, never reads "saved" and offers the download', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('IndexedDB is switched off for this test', 'SecurityError');
        },
      });
    });
    await openWithSample(page, suite.server.url);
    const status = page.locator('[data-save-state]');
    await expect.poll(() => status.getAttribute('data-save-state')).toBe('failed');
    expect(await status.innerText()).toMatch(/Not saved in this browser/);
    await page.getByRole('textbox', { name: 'Notebook title' }).fill('Only in this tab');
    await page.getByRole('textbox', { name: 'Notebook title' }).press('Enter');
    await page.waitForTimeout(1_000);
    expect(await status.getAttribute('data-save-state')).toBe('failed');
    expect(await status.innerText()).not.toMatch(/Saved in this browser/);
    const file = await downloadText(page, () => page.getByTestId('download-unsaved').click());
    expect(file.name).toBe('Only in this tab.cohortbook.md');
    expect(file.text).toContain('title: Only in this tab');
    await watched.context.close();
  });

  it('an edit followed at once by closing the tab is there after reopening', async () => {
    const watched = await suite.open();
    const { page, context } = watched;
    await openWithSample(page, suite.server.url);
    await expect.poll(() => page.locator('[data-save-state]').getAttribute('data-save-state')).toMatch(/saved|idle/);
    const title = page.getByRole('textbox', { name: 'Notebook title' });
    await title.fill('Closed in a hurry');
    await title.press('Enter');
    await page.close({ runBeforeUnload: true });

    const again = await context.newPage();
    await again.goto(suite.server.url);
    await again.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await expect.poll(() => again.getByRole('textbox', { name: 'Notebook title' }).inputValue(), { timeout: 10_000 }).toBe('Closed in a hurry');
    await context.close();
  });
});

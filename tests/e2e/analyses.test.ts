/**
 * The built-in analyses in the browser: on the sample, each one-click analysis inserts its editable
 * cells, runs them and draws its charts; a second click updates the cells instead of duplicating them;
 * the headline shows above the analyses; the page stays responsive. Writes the README screenshots
 * docs/analysis-<name>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LONG_TASK_TRIPWIRE_MS } from './harness';
import { browserSuite } from './suite';
import { addSqlCell, cell, downloadText, newNotebook, openWithSample, outline, settled } from './notebook-helpers';

const suite = browserSuite();

/** The analyses under test: the button, the cells that must run, the charts that must draw, the screenshot. */
const ANALYSES = [
  {
    button: 'Cohort retention',
    sql: ['cohort_retention'],
    charts: ['cohort_heatmap', 'cohort_curves', 'cohort_revenue_heatmap', 'cohort_revenue_curves'],
    shot: ['cohort', 'cohort_heatmap'],
  },
  {
    button: 'RFM segments',
    sql: ['rfm_segments', 'rfm_grid', 'rfm_segment_summary'],
    charts: ['rfm_grid_customers', 'rfm_grid_revenue', 'rfm_segment_sizes', 'rfm_segment_value'],
    shot: ['rfm', 'rfm_grid_customers'],
  },
  { button: 'Lifecycle stages', sql: ['lifecycle_stages'], charts: ['lifecycle_chart'], shot: ['lifecycle', 'lifecycle_chart'] },
  { button: 'Bought together', sql: ['basket_rules'], charts: ['basket_pairs_chart'], shot: ['basket', 'basket_pairs_chart'] },
  { button: 'Customer groups', sql: ['cluster_map_sample', 'cluster_profile', 'cluster_members'], charts: ['cluster_choice_chart', 'cluster_map_chart'], shot: ['clusters', 'cluster_map_chart'] },
  { button: 'Suggested products', sql: ['recommendation_scores', 'also_bought'], charts: ['recommendation_scores_chart'], shot: ['recommendations', 'recommendation_scores_chart'] },
  {
    button: 'Time to next purchase',
    sql: ['purchase_gaps', 'time_to_next_km', 'time_to_next_median', 'time_to_next_curve', 'inter_purchase_histogram'],
    charts: ['time_to_next_chart', 'inter_purchase_chart'],
    shot: ['time-to-next', 'time_to_next_chart'],
  },
] as const;

/** Data marks drawn in the chart cell `name` (Vega's SVG renderer: `g.role-mark` groups). */
async function marks(page: Page, name: string): Promise<number> {
  const chart = cell(page, name).locator('[data-testid=chart][data-ready=true] svg');
  await chart.waitFor({ timeout: 30_000 });
  return chart.locator('g.role-mark > path, g.role-mark > rect, g.role-mark > line').count();
}

/** Starts recording long main-thread tasks; `longest()` reads the longest so far. */
async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => w.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
}

describe('built-in analyses', () => {
  it('inserts, runs and draws cohort, RFM, lifecycle, time to next purchase, bought together, customer groups and suggested products in one click each; builds a campaign', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await newNotebook(page);
    const headline = page.getByTestId('headline');
    await expect.poll(() => headline.innerText(), { timeout: 30_000 }).toMatch(/You have [\d,]+ customers\./);
    expect(await headline.innerText()).toMatch(/top 20% of customers bring \d+% of revenue/);

    // The sticky notebook header would cover the top of the screenshots.
    await page.addStyleTag({ content: '[data-testid=notebook] > header { position: static !important; }' });
    await page.getByRole('region', { name: 'Analyses' }).screenshot({ path: path.resolve('docs/analysis-headline.png') });

    const longest = await watchLongTasks(page);
    const timings: Record<string, number> = {};
    for (const analysis of ANALYSES) {
      const started = Date.now();
      await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: analysis.button, exact: true }).click();
      await cell(page, analysis.sql[0]).waitFor();
      await settled(page);
      for (const name of [...analysis.sql, ...analysis.charts]) expect({ name, status: await cell(page, name).getAttribute('data-status') }).toEqual({ name, status: 'ok' });
      for (const name of analysis.charts) expect({ name, drawn: (await marks(page, name)) > 0 }).toEqual({ name, drawn: true });
      timings[analysis.button] = Date.now() - started;
      const [file, chart] = analysis.shot;
      await cell(page, chart).screenshot({ path: path.resolve(`docs/analysis-${file}.png`) });
    }
    const longTask = await longest();
    console.log(`analyses: ${JSON.stringify(timings)} ms; longest main-thread task ${Math.round(longTask)} ms`);
    // Charts are drawn in the chart worker and editors mount one per task: the page never blocks.
    expect(longTask).toBeLessThanOrEqual(LONG_TASK_TRIPWIRE_MS);
    // The observer is live: a deliberate 120 ms task is seen (so a low reading above means no long task happened).
    await page.evaluate(() =>
      setTimeout(() => {
        const start = performance.now();
        while (performance.now() - start < 120);
      }, 0),
    );
    await expect.poll(longest, { timeout: 10_000 }).toBeGreaterThanOrEqual(100);

    // A heatmap cell under the pointer shows its label, and every cell prints its share; the chart saves as a real PNG.
    const heatmap = cell(page, 'cohort_heatmap');
    await heatmap.locator('[data-testid=chart]').scrollIntoViewIfNeeded();
    // The pointer on the share printed in a cell: the text lets it through to the cell, whose description shows
    // (`force`: Playwright would otherwise wait for the text itself to take the pointer).
    await heatmap.locator('[data-testid=chart] g[class*="layer_2_marks"] text').nth(200).hover({ force: true });
    await expect.poll(() => heatmap.getByRole('tooltip').innerText()).toMatch(/Retention: \d+(\.\d)?%/);
    await heatmap.locator('[data-testid=chart]').screenshot({ path: path.resolve('docs/analysis-cohort-hover.png') });
    const shares = await heatmap.locator('[data-testid=chart] g[class*="layer_2_marks"] text').evaluateAll((texts) => texts.map((t) => t.textContent ?? ''));
    expect(shares.length).toBeGreaterThan(100);
    expect(shares.filter((share) => !/^\d+%$/.test(share))).toEqual([]);
    // A label for every cell: the heatmap's ~1,500 elements arrive over several frames (src/ui/svg-frames.ts), all of them.
    const cellsDrawn = await heatmap.locator('[data-testid=chart] g[class*="layer_0_marks"] > path, [data-testid=chart] g[class*="layer_1_marks"] > path').count();
    expect(shares.length).toBe(cellsDrawn);
    expect(await heatmap.locator('[data-testid=chart] svg').innerHTML()).toContain('Cohort size');
    const [download] = await Promise.all([page.waitForEvent('download'), heatmap.getByRole('button', { name: 'Save PNG' }).click()]);
    const png = fs.readFileSync(await download.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(5_000);

    // Time to next purchase shares RFM's rfm_segments instead of inserting a second copy.
    const names = await outline(page);
    expect(names.filter((n) => n === 'sql:rfm_segments')).toHaveLength(1);

    // Segments into action: the "At risk" customers of rfm_segments saved as a list and opened as a table.
    const lists = cell(page, 'rfm_segments').getByTestId('customer-lists');
    await expect.poll(() => lists.getByRole('combobox').locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const options = await lists.getByRole('combobox').locator('option').allInnerTexts();
    const atRiskOption = options.find((o) => /^At risk \([\d,]+\)$/.test(o));
    expect(atRiskOption, options.join(' | ')).toBeDefined();
    expect(options.join(' ')).toMatch(/Can't lose them|Champions/);
    await lists.getByRole('combobox').selectOption('at_risk');
    expect(await lists.getByTestId('segment-action').innerText()).toMatch(/\w{3,}/);
    await cell(page, 'rfm_segments').screenshot({ path: path.resolve('docs/segment-list.png') });
    const saved = await downloadText(page, () => lists.getByRole('button', { name: 'Save list (CSV)' }).click());
    expect(saved.name).toBe('rfm_segments-at_risk.csv');
    const [header, ...lines] = saved.text.trim().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['customer_id', 'segment']));
    expect(lines.every((line) => line.endsWith(',at_risk') || line.split(',').includes('at_risk'))).toBe(true);
    expect(lines.every((line) => !/^[=+\-@]/.test(line))).toBe(true);
    expect(lines).toHaveLength(Number(atRiskOption!.replace(/\D/g, '')));
    await addSqlCell(page, 'check_at_risk', `SELECT customer_id FROM rfm_segments WHERE segment = 'at_risk' ORDER BY customer_id`);
    await cell(page, 'check_at_risk').getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell(page, 'check_at_risk').getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
    const expected = await downloadText(page, () => cell(page, 'check_at_risk').getByRole('button', { name: 'Save CSV' }).click());
    expect(lines.map((line) => line.split(',')[0])).toEqual(expected.text.trim().split('\r\n').slice(1));
    await lists.getByRole('button', { name: 'Open as table' }).click();
    await expect.poll(() => cell(page, 'rfm_segments_at_risk').getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
    expect(Number(await cell(page, 'rfm_segments_at_risk').getByRole('grid').getAttribute('aria-rowcount'))).toBe(lines.length + 1);
    await settled(page);

    // A campaign for the at-risk customers, with the suggested products attached, exported for an e-mail tool.
    await lists.getByRole('button', { name: 'Use as audience' }).click();
    const campaign = cell(page, 'campaign_rfm_segments_at_risk');
    await expect.poll(() => campaign.getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    await settled(page);
    const bar = campaign.getByTestId('campaign');
    await expect.poll(() => bar.locator('[data-figure=customers]').innerText(), { timeout: 15_000 }).toBe(atRiskOption!.replace(/^.*\(([\d,]+)\)$/, '$1'));
    expect(await bar.locator('[data-figure=products]').innerText()).toBe(atRiskOption!.replace(/^.*\(([\d,]+)\)$/, '$1'));
    expect(await bar.getByTestId('campaign-outcome').innerText()).toMatch(/^Expected: [\d,]+ orders of .+ on average, revenue .+, cost .+, net .+\. It pays for itself from a [\d.]+% response rate\.$/);
    await bar.getByLabel('Response rate (%)').fill('10');
    await expect.poll(() => bar.getByTestId('campaign-outcome').innerText()).toMatch(/^Expected: [\d,]+ orders/);
    await campaign.screenshot({ path: path.resolve('docs/campaign.png') });
    const exported = await downloadText(page, () => bar.getByRole('button', { name: 'Export campaign (CSV)' }).click());
    expect(exported.name).toBe('campaign_rfm_segments_at_risk.csv');
    const [campaignHeader, ...campaignLines] = exported.text.trim().split('\r\n');
    // The sample notebook's churn model adds each customer's churn probability, and the figure of revenue expected to be lost.
    expect(campaignHeader!.split(',')).toEqual(['customer_id', 'orders', 'revenue', 'last_order', 'revenue_last_12_months', 'churn_probability', 'recommended_products']);
    expect(await bar.locator('[data-figure=loss]').innerText()).toMatch(/\d/);
    expect(campaignLines.map((line) => line.split(',')[0]).sort()).toEqual(lines.map((line) => line.split(',')[0]).sort());
    // Each customer gets three products (names, separated by "; "), none of them one they bought.
    const products = campaignLines.map((line) => line.split(',').at(-1)!.split('; '));
    expect(products.every((names) => names.length === 3 && names.every((name) => name.length > 2))).toBe(true);
    expect(campaignLines.every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);
    // The grid finds rows: one customer of the campaign by its id.
    const someone = campaignLines[0]!.split(',')[0]!;
    await campaign.getByRole('searchbox', { name: /Find in the rows of/ }).fill(someone);
    await expect.poll(() => campaign.getByTestId('grid-meta').innerText(), { timeout: 15_000 }).toBe(`1 of ${campaignLines.length.toLocaleString('en-US')} rows match`);
    expect(await campaign.getByRole('grid').getAttribute('aria-rowcount')).toBe('2');
    await campaign.getByRole('searchbox', { name: /Find in the rows of/ }).fill('');
    await expect.poll(() => campaign.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(campaignLines.length + 1));
    await addSqlCell(
      page,
      'check_campaign',
      `SELECT count(*) AS already_bought FROM (SELECT customer_id, unnest(string_split(recommended_products, '; ')) AS product_name FROM campaign_rfm_segments_at_risk) AS c JOIN cb_lines AS l USING (customer_id, product_name)`,
    );
    await cell(page, 'check_campaign').getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell(page, 'check_campaign').getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
    expect(await cell(page, 'check_campaign').getByRole('gridcell').first().innerText()).toBe('0');
    await settled(page);

    // A second click updates the analysis where it stands: same cells, same names, run again.
    const before = await outline(page);
    const runsBefore = Number(await cell(page, 'cohort_heatmap').getAttribute('data-run-count'));
    await page.getByRole('button', { name: 'Cohort retention', exact: true }).click();
    await expect.poll(() => cell(page, 'cohort_heatmap').getAttribute('data-run-count')).toBe(String(runsBefore + 1));
    await settled(page);
    expect(await outline(page)).toEqual(before);
    expect(await cell(page, 'cohort_heatmap').getAttribute('data-status')).toBe('ok');

    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });

  it('adds customer lifetime value after the cell the user is in, with its summary, the fit and its charts', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    const first = page.locator('[data-cell-id]').first();
    await first.focus();
    const firstName = (await outline(page))[0];
    await page.getByRole('button', { name: 'Customer lifetime value', exact: true }).click();
    await cell(page, 'clv_summary').waitFor();
    const names = await outline(page);
    expect(names[0]).toBe(firstName);
    // The first analysis brings the period cells it reads (docs/date-range.md), then its own cells follow.
    expect(names.slice(1, 7)).toEqual(['markdown:', 'sql:period', 'sql:orders_in_period', 'sql:new_customer_orders', 'sql:events_in_period', 'sql:lines_in_period']);
    expect(names[7]).toBe('markdown:');
    expect(names[8]).toBe('sql:clv_summary');
    await settled(page, 120_000);
    expect(await cell(page, 'clv_summary').getAttribute('data-status')).toBe('ok');
    // The model cell fits BG/NBD + Gamma-Gamma in the training worker and writes the tables the charts read.
    expect(await cell(page, 'clv_scores').getAttribute('data-status')).toBe('ok');
    for (const name of ['clv_tracking_chart', 'clv_p_alive_chart', 'clv_holdout_chart', 'clv_grid_chart']) expect(await marks(page, name)).toBeGreaterThan(0);
    expect(await cell(page, 'clv_scores').innerText()).toMatch(/BG\/NBD/);
    await cell(page, 'clv_tracking_chart').screenshot({ path: path.resolve('docs/analysis-clv.png') });
    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });

  it('shows the currency of a file on the tiles, in a money column of the grid and on a chart axis', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(suite.server.url);
    const lines = ['order_id,customer_id,order_date,total'];
    for (let i = 0; i < 240; i++) {
      const month = String((i % 12) + 1).padStart(2, '0');
      lines.push(`A${1000 + i},cust${i % 40},2023-${month}-${String((i % 27) + 1).padStart(2, '0')},"€${(20 + (i % 9) * 7.5).toFixed(2)}"`);
    }
    await page.locator('input[type=file]').first().setInputFiles({ name: 'euro-shop.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await settled(page);
    await expect.poll(() => page.locator('[data-tile=revenue]').innerText()).toMatch(/^€[\d,]+\.\d\d$/);

    await newNotebook(page);
    await addSqlCell(page, 'money', 'SELECT customer_id, sum(revenue) AS revenue FROM cb_orders GROUP BY 1 ORDER BY 1');
    await cell(page, 'money').getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell(page, 'money').getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
    // The grid's rows arrive a moment after the cell's status.
    const euros = async () => (await cell(page, 'money').getByRole('gridcell').allInnerTexts()).filter((text) => /^€[\d,]+\.\d\d$/.test(text)).length;
    await expect.poll(euros, { timeout: 15_000 }).toBeGreaterThan(5);

    await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: 'Sales over time', exact: true }).click();
    await settled(page);
    const revenueChart = page.locator('[data-cell-id][data-name="sales_revenue_chart"] [data-testid=chart][data-ready=true] svg');
    await revenueChart.waitFor({ timeout: 30_000 });
    const axis = await revenueChart.locator('text').allTextContents();
    expect(axis.some((label) => label.startsWith('€')), axis.join(' ')).toBe(true);
    await page.locator('[data-cell-id][data-name="sales_revenue_chart"] [data-testid=chart]').screenshot({ path: path.resolve('docs/money-axis.png') });
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});

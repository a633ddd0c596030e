/**
 * Survival, forecast, risk flags and the customer profile in the browser (issue 24, must-show 5): on the sample each
 * inserts its cells, fits in the training worker and draws; a flag marked "looks fine" stays marked after a reload.
 * Writes the README screenshots docs/analysis-survival.png, -forecast.png, -risk.png and -profile.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './suite';
import { cell, newNotebook, openWithSample, settled } from './notebook-helpers';

const suite = browserSuite();

const ANALYSES = [
  { button: 'Survival', cells: ['second_purchase', 'second_purchase_chart', 'likely_second_purchase'], chart: 'second_purchase_chart', shot: 'survival' },
  { button: 'Forecast', cells: ['revenue_forecast', 'revenue_forecast_chart'], chart: 'revenue_forecast_chart', shot: 'forecast' },
  { button: 'Purchases ahead', cells: ['purchase_counts', 'purchase_counts_chart'], chart: 'purchase_counts_chart', shot: 'counts' },
  { button: 'Risk flags', cells: ['risk_flags', 'risk_reasons', 'risk_reasons_chart'], chart: 'risk_reasons_chart', shot: null },
] as const;

async function marks(page: Page, name: string): Promise<number> {
  const chart = cell(page, name).locator('[data-testid=chart][data-ready=true] svg');
  await chart.waitFor({ timeout: 30_000 });
  return chart.locator('g.role-mark > path, g.role-mark > rect, g.role-mark > line').count();
}

describe('survival, forecast and risk flags', () => {
  it('each draws on the sample, a customer can be picked, and a flag marked fine stays marked after a reload', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    await newNotebook(page);
    await page.addStyleTag({ content: '[data-testid=notebook] > header { position: static !important; }' });
    for (const analysis of ANALYSES) {
      await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: analysis.button, exact: true }).click();
      await cell(page, analysis.cells[0]).waitFor();
      await settled(page, 120_000);
      for (const name of analysis.cells) expect({ name, status: await cell(page, name).getAttribute('data-status') }).toEqual({ name, status: 'ok' });
      expect({ chart: analysis.chart, drawn: (await marks(page, analysis.chart)) > 0 }).toEqual({ chart: analysis.chart, drawn: true });
      if (analysis.shot) await cell(page, analysis.chart).screenshot({ path: path.resolve(`docs/analysis-${analysis.shot}.png`) });
    }
    await expect.poll(() => cell(page, 'second_purchase').getByTestId('survival-sentence').innerText()).toMatch(/customers bought again on another day/);
    expect(await cell(page, 'revenue_forecast').getByTestId('forecast-backtest').innerText()).toMatch(/the last value \(naive\)/);

    // The sample has planted anomalies: a huge order cancelled within minutes is on the review list.
    const risk = cell(page, 'risk_flags');
    const flags = risk.getByTestId('risk-flag');
    await expect.poll(() => flags.count()).toBeGreaterThan(3);
    expect(await risk.getByTestId('risk-results').innerText()).toMatch(/cancelled \d+ minutes after the order/);
    await risk.screenshot({ path: path.resolve('docs/analysis-risk.png') });
    const key = (await flags.first().getAttribute('data-key'))!;
    await flags.first().getByRole('button', { name: 'Looks fine' }).click();
    await expect.poll(() => risk.locator(`[data-key="${key}"]`).count()).toBe(0);
    await expect.poll(() => risk.getByTestId('risk-fine-count').innerText()).toMatch(/^1 marked fine/);

    // The profile of a flagged customer: suggested first, with their timeline drawn and their risk flags listed.
    await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: 'Customer profile', exact: true }).click();
    await cell(page, 'customer_profile').waitFor();
    await settled(page, 120_000);
    const profile = cell(page, 'customer_profile');
    expect(await profile.getAttribute('data-status')).toBe('ok');
    await expect.poll(() => profile.getByTestId('profile-sentence').innerText()).toMatch(/^Customer C\d+: \d+ orders? from /);
    await profile.locator('[data-testid=profile-timeline] [data-testid=chart][data-ready=true] svg').waitFor({ timeout: 30_000 });
    expect(await profile.getByTestId('profile-results').innerText()).toMatch(/Risk flags\s+Order O\d+: /);
    await profile.screenshot({ path: path.resolve('docs/analysis-profile.png') });
    await profile.getByTestId('profile-customer').fill('C000001');
    await profile.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => profile.getByTestId('profile-sentence').innerText(), { timeout: 60_000 }).toMatch(/^Customer C000001: /);

    await page.waitForTimeout(600);
    await page.reload();
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page, 120_000);
    const again = cell(page, 'risk_flags');
    await expect.poll(() => again.getByTestId('risk-flag').count(), { timeout: 60_000 }).toBeGreaterThan(3);
    expect(await again.locator(`[data-key="${key}"]`).count()).toBe(0);
    expect(await again.getByTestId('risk-fine-count').innerText()).toMatch(/^1 marked fine/);
    expect(await again.getByTestId('risk-sentence').innerText()).toMatch(/1 marked as fine are no longer listed/);

    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });
});

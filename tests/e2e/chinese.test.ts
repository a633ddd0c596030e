/**
 * Chinese throughout: with the interface in Chinese, the first screen, the load (report, rows, column
 * roles), every one-click analysis, the tour's model cell and the report view show no English UI text.
 * Allowed: the data's own names and values (table, column, cell and file names, status values), terms
 * Chinese software writes in Latin letters (CSV, SQL, RFM, AUC…), and code (editors, grids of data).
 */
import { describe, expect, it } from 'vitest';
import { notebookSettled } from './harness';
import { LATIN_TERMS, leftoverEnglish, type Leftover } from './leftover-english';
import { browserSuite } from './suite';

const suite = browserSuite();

/** Values of the sample's own columns that reach charts and sentences (statuses, a null change). */
const DATA_VALUES = ['completed', 'returned', 'cancelled', 'refunded', 'null'];
const ANALYSES = ['sales', 'cohort', 'repurchase', 'rfm', 'lifecycle', 'time_to_next', 'clv', 'basket', 'clusters', 'recommendations', 'survival', 'forecast', 'counts', 'risk', 'profile'];

describe('the interface in Chinese', () => {
  it('leaves no English on the main views, over load, every one-click analysis and a model cell', async () => {
    const { page, context, errors } = await suite.open();
    await page.addInitScript(() => localStorage.setItem('cohortbook.lang', 'zh-CN'));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(suite.server.url);
    const found: (Leftover & { view: string })[] = [];
    const check = async (view: string) => {
      for (const left of await leftoverEnglish(page, [...LATIN_TERMS, ...DATA_VALUES])) found.push({ view, ...left });
    };

    await page.getByRole('button', { name: '加载示例数据' }).waitFor();
    await check('first screen');
    await page.getByRole('button', { name: '加载示例数据' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await notebookSettled(page, 120_000);
    expect(await page.getByRole('textbox', { name: '笔记本标题' }).inputValue()).toBe('店铺数据导览');
    await page.locator('[data-name=churn_scores] [data-testid=model-sentence]').waitFor({ timeout: 60_000 });
    await check('loaded, tour and its model cell');

    await page.locator('#data-title button').click();
    await page.getByTestId('load-report').waitFor();
    await check('data: load report, rows and column roles');
    await page.locator('#data-title button').click();

    for (const id of ANALYSES) {
      await page.locator(`[data-analysis=${id}]`).click();
      await expect.poll(() => page.locator(`[data-cell-id][data-origin=${id}]`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await notebookSettled(page, 180_000);
    }
    // Charts behind a closed "Details" are drawn when opened; every chart on screen must be drawn.
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid=chart]')].filter((c) => c.checkVisibility()).every((c) => c.getAttribute('data-ready') === 'true'),
      null,
      { timeout: 60_000 },
    );
    await check('every one-click analysis');

    // A campaign for the at-risk customers: its figures, assumptions and outcome in Chinese too.
    const lists = page.locator('[data-cell-id][data-name=rfm_segments]').getByTestId('customer-lists');
    await lists.getByRole('combobox').selectOption('at_risk');
    await lists.getByRole('button', { name: '用作受众' }).click();
    const campaign = page.locator('[data-cell-id][data-name=campaign_rfm_segments_at_risk]');
    await expect.poll(() => campaign.getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    await expect.poll(() => campaign.getByTestId('campaign-outcome').innerText(), { timeout: 15_000 }).toMatch(/^预计：/);
    await check('a campaign');

    await page.getByRole('button', { name: '报告视图' }).click();
    await check('report view');

    const summary = [...new Set(found.map((f) => `${f.view} · ${f.where} · “${f.word}” in “${f.text}”`))];
    expect(summary).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

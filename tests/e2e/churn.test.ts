/**
 * Issue 5, must-show 4: a churn network trains in the training worker on WebGL (SwiftShader here,
 * switched on by the test-only `?backend=webgl&softwareWebgl=1`), the live loss chart draws its epochs,
 * a training is stopped mid-way without harm, a second one finishes, the at-risk CSV is exported with
 * formulas neutralised, and no main-thread task during training trips LONG_TASK_TRIPWIRE_MS (Long Tasks
 * API; the 50 ms budget is measured by `npm run bench`).
 *
 * The data is the sample shop with some customer ids turned formula-like (=, +, -, @), so the export's
 * neutralisation is seen on real rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST, LONG_TASK_TRIPWIRE_MS } from './harness';
import { browserSuite } from './suite';
import { addSqlCell, cell, downloadText, openWithSample, outline, runCount, settled } from './notebook-helpers';

const suite = browserSuite();

/** The sample shop with ids ending in 1, 3, 5, 7 prefixed by -, +, @, = (a spreadsheet would run them). */
function sampleWithFormulaIds(): Buffer {
  const text = fs.readFileSync(path.join(DIST, 'samples', 'shop.csv'), 'utf8');
  const prefix: Record<string, string> = { '1': '-', '3': '+', '5': '@', '7': '=' };
  return Buffer.from(text.replace(/,C(\d{5}([1357])),/g, (_m, id: string, last: string) => `,${prefix[last]}C${id},`));
}

const SETTINGS = {
  kind: 'churn',
  horizon: 90,
  cutoff: null,
  model: 'mlp',
  seed: 42,
  scores: true,
  folds: 2,
  importance: true,
  mlp: { epochs: 40, patience: 40, batchSize: 128, hidden: [16, 8] },
};

/** Starts recording long tasks and the moment the cell leaves `running`. */
async function watchTraining(page: Page, name: string): Promise<void> {
  await page.evaluate((cellName) => {
    const w = window as unknown as { __train: { start: number; end: number | null; longTasks: { start: number; duration: number }[]; maxEpochs: number } };
    const state = { start: performance.now(), end: null as number | null, longTasks: [] as { start: number; duration: number }[], maxEpochs: 0 };
    w.__train = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    const target = document.querySelector(`[data-cell-id][data-name="${cellName}"]`)!;
    let seenRunning = false;
    new MutationObserver(() => {
      const status = (target as HTMLElement).dataset.status;
      if (status === 'running') seenRunning = true;
      else if (seenRunning && state.end === null && status !== 'queued') state.end = performance.now();
      const chart = target.querySelector<HTMLElement>('[data-testid=loss-chart]');
      state.maxEpochs = Math.max(state.maxEpochs, Number(chart?.dataset.epochs ?? 0));
    }).observe(target, { attributes: true, subtree: true, attributeFilter: ['data-status', 'data-epochs'] });
  }, name);
}

async function trainingReport(page: Page): Promise<{ ms: number; longest: number; longTasks: number; maxEpochs: number; at: string }> {
  return page.evaluate(() => {
    const { start, end, longTasks, maxEpochs } = (window as unknown as { __train: { start: number; end: number; longTasks: { start: number; duration: number }[]; maxEpochs: number } }).__train;
    const during = longTasks.filter((t) => t.start >= start && t.start <= end);
    return { ms: end - start, longest: Math.max(0, ...during.map((t) => t.duration)), longTasks: during.length, maxEpochs, at: during.map((t) => `${Math.round(t.start - start)}+${Math.round(t.duration)}`).join(' ') };
  });
}

describe('churn model cell in the browser', () => {
  it('trains on WebGL in the worker with a live chart, stops, trains again, exports the at-risk list, and never blocks the page', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(`${suite.server.url}?backend=webgl&softwareWebgl=1`);
    await page.locator('input[type=file]').first().setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: sampleWithFormulaIds() });
    await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
    await settled(page, 120_000);
    const model = cell(page, 'churn_scores');
    expect(await model.getAttribute('data-status')).toBe('ok');
    const cellsBefore = await outline(page);

    await model.getByRole('button', { name: 'Settings as JSON' }).click();
    await model.getByRole('textbox', { name: 'Model settings (JSON)' }).fill(JSON.stringify(SETTINGS, null, 2));
    expect(await model.getByTestId('churn-form').locator('select').first().inputValue()).toBe('mlp');

    // 1. Train, watch the live chart draw epochs, stop mid-way.
    await model.getByTestId('train').click();
    await expect.poll(() => model.getByTestId('loss-chart').getAttribute('data-epochs'), { timeout: 90_000, interval: 100 }).toMatch(/^([2-9]|\d\d+)$/);
    expect(await model.getByTestId('backend').innerText()).toMatch(/^Training on WebGL/);
    const stoppedText = await model.getByTestId('training').innerText();
    await model.getByTestId('stop-training').click();
    await expect.poll(() => model.getAttribute('data-status'), { timeout: 30_000 }).toBe('stale');
    await expect.poll(() => model.getByTestId('training-stopped').innerText()).toMatch(/Training stopped after epoch \d+/);
    expect(await outline(page)).toEqual(cellsBefore);
    expect(await cell(page, 'orders_by_month').getAttribute('data-status')).toBe('ok');

    // 2. Fewer epochs through the form, then train to the end while recording long tasks.
    const epochs = model.getByLabel('Network epochs (at most)');
    await epochs.fill('5');
    await epochs.press('Tab');
    await expect.poll(() => model.getByRole('textbox', { name: 'Model settings (JSON)' }).inputValue()).toContain('"epochs": 5');
    await watchTraining(page, 'churn_scores');
    await model.getByTestId('train').click();
    await expect.poll(() => model.getAttribute('data-status'), { timeout: 120_000, interval: 200 }).toBe('ok');
    const report = await trainingReport(page);

    await model.getByTestId('churn-results').waitFor();
    expect(await model.getByTestId('model-sentence').innerText()).toMatch(/customers did not buy again within 90 days/);
    // Plain words first: how useful the model is and whom to contact; the metrics wait behind "details".
    expect(await model.getByTestId('model-advice').innerText()).toMatch(/^This model can tell who is about to leave: .* Reach out to the [\d,]+ customers at high risk first/);
    expect(await model.getByTestId('model-metrics').isVisible()).toBe(false);
    await model.getByTestId('model-details').locator('summary').click();
    expect(await model.getByTestId('model-metrics').innerText()).toMatch(/AUC \(test\)\s+0\.\d+\s+0\.\d+/);
    expect(await model.getByTestId('backend').innerText()).toMatch(/^Training on WebGL/);
    await expect.poll(() => model.locator('[data-chart] [data-ready=true]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);

    // Threshold slider moves the confusion matrix.
    const truePositives = async () => Number((await model.locator('[data-cell=tp]').innerText()).replace(/,/g, ''));
    const tpAtHalf = await truePositives();
    await model.getByLabel('Churn threshold').fill('0.1');
    await expect.poll(truePositives).toBeGreaterThan(tpAtHalf);

    // 3. The at-risk list: header, riskiest first, formula-like ids neutralised; then hashed ids.
    const plain = await downloadText(page, () => model.getByTestId('export-at-risk').click());
    expect(plain.name).toBe('churn_scores-at-risk.csv');
    const lines = plain.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('customer_id,churn_probability,retention,risk_band,top_reasons');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.slice(1).filter((l) => /^[=+\-@]/.test(l))).toEqual([]);
    const neutralised = lines.slice(1).filter((l) => /^'[=+\-@]C\d{6},/.test(l));
    expect(neutralised.length).toBeGreaterThan(0);
    const probabilities = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));

    await model.getByTestId('hash-ids').check();
    const hashed = await downloadText(page, () => model.getByTestId('export-at-risk').click());
    const hashedLines = hashed.text.trimEnd().split('\r\n');
    expect(hashedLines[0]).toBe('customer_hash,churn_probability,retention,risk_band,top_reasons');
    expect(hashedLines[1]).toMatch(/^[0-9a-f]{64},/);
    expect(hashedLines.length).toBe(lines.length);

    console.log(
      `churn e2e: training ${Math.round(report.ms)} ms, live chart drew ${report.maxEpochs} epochs, long tasks during training: ${report.longTasks} (${report.at}), longest ${Math.round(report.longest)} ms; at stop: ${stoppedText.replace(/\s+/g, ' ')}`,
    );
    expect(report.maxEpochs).toBeGreaterThanOrEqual(2);
    expect(report.longest).toBeLessThanOrEqual(LONG_TASK_TRIPWIRE_MS);

    await page.addStyleTag({ content: '[data-testid=notebook] .head { position: static !important; }' });
    await model.screenshot({ path: 'docs/churn-model.png' });
    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });

  it('saves a model to the browser and a file, loads it back to score again, and refuses a model made for other features', async () => {
    const watched = await suite.open();
    const { page } = watched;
    await openWithSample(page, suite.server.url);
    const model = cell(page, 'churn_scores');
    expect(await model.getAttribute('data-status')).toBe('ok');
    await model.getByTestId('churn-results').waitFor();

    // A SQL cell that sums up the scores the model wrote.
    const summary = await addSqlCell(page, 'score_summary', 'SELECT count(*) AS customers, round(avg(probability), 6) AS mean_p FROM churn_scores');
    const summarise = async (): Promise<string> => {
      const runs = await runCount(page, 'score_summary');
      await summary.locator('button.run').click();
      await expect.poll(() => runCount(page, 'score_summary'), { timeout: 30_000 }).toBe(runs + 1);
      await settled(page);
      const shown = () => summary.getByRole('gridcell').allInnerTexts().then((texts) => texts.join(' '));
      await expect.poll(shown, { timeout: 15_000 }).toMatch(/^[\d,]+ 0\.\d+$/);
      await page.waitForTimeout(300);
      return shown();
    };
    const savedScores = await summarise();
    expect(savedScores).toMatch(/^[\d,]+ 0\.\d+$/);

    // Save: kept in this browser's IndexedDB and downloaded with its feature definitions.
    const saved = await downloadText(page, () => model.getByTestId('save-model').click());
    expect(saved.name).toBe('churn_scores.cohortbook-model.json');
    const file = (JSON.parse(saved.text) as { model: { kind: string; features: { name: string }[] } }).model;
    expect(file.kind).toBe('logistic');
    expect(file.features.map((f) => f.name)).toEqual(expect.arrayContaining(['recency_days', 'frequency', 'monetary']));
    await expect.poll(() => model.getByRole('status').filter({ hasText: 'Saved in this browser' }).count()).toBe(1);
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('cohortbook-models');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('models').objectStore('models').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
    expect(stored).toBe(1);

    // Retrain with another horizon: the scores change.
    await model.getByRole('button', { name: 'Settings as JSON' }).click();
    const settingsBox = model.getByRole('textbox', { name: 'Model settings (JSON)' });
    const settings = JSON.parse(await settingsBox.inputValue()) as Record<string, unknown>;
    await settingsBox.fill(JSON.stringify({ ...settings, horizon: 30 }, null, 2));
    await model.getByTestId('train').click();
    await expect.poll(() => model.getAttribute('data-status'), { timeout: 120_000, interval: 200 }).toBe('ok');
    await settled(page);
    const retrainedScores = await summarise();
    expect(retrainedScores).not.toBe(savedScores);

    // Load the saved file: today's customers are scored by the saved model again.
    await model.getByTestId('load-model-input').setInputFiles({ name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text) });
    await expect.poll(() => model.getByTestId('loaded-model').innerText(), { timeout: 60_000 }).toMatch(
      /Loaded churn_scores\.cohortbook-model\.json \(logistic, trained \d{4}-\d\d-\d\d\): scored [\d,]+ customers into churn_scores/,
    );
    expect(await summarise()).toBe(savedScores);

    // A model whose features are not this table's is refused with the reason; the scores stay.
    const other = saved.text.replaceAll('"recency_days"', '"recency_weeks"');
    await model.getByTestId('load-model-input').setInputFiles({ name: 'other.cohortbook-model.json', mimeType: 'application/json', buffer: Buffer.from(other) });
    await expect.poll(() => model.getByTestId('load-model-problem').innerText(), { timeout: 30_000 }).toMatch(/recency_weeks/);
    expect(await summarise()).toBe(savedScores);
    expect(await cell(page, 'orders_by_month').getAttribute('data-status')).toBe('ok');

    expect(watched.errors).toEqual([]);
    expect(watched.foreign()).toEqual([]);
    await watched.context.close();
  });
});

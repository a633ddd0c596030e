/**
 * npm run bench — the figures DESIGN.md section 8 asks for, as ratios against a baseline measured in
 * the same run. Today: loading a 1,000,000-line CSV into the raw and canonical tables (the same
 * pipeline and SQL) in the built app in headless Chromium, in DuckDB-WASM under Node, and in native
 * DuckDB on one thread (the baseline).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../src/engine/db';
import { openNodeDb } from '../src/engine/node';
import { loadFile, type LoadResult } from '../src/ingest/load';
import { pathSource } from '../src/ingest/sources-node';
import type { Page } from 'playwright-core';
import { launchChromium, notebookSettled, openData, reportNumber, serveDist, watchedPage } from '../tests/e2e/harness';
import { cohortRetention } from '../src/analyses/cohort';
import { repurchaseRates } from '../src/analyses/repurchase';
import { rfmAnalysis } from '../src/analyses/rfm';
import { lifecycleStages } from '../src/analyses/lifecycle';
import { timeToNextPurchase } from '../src/analyses/time-to-next';
import { buildChurnFeatures } from '../src/analyses/churn-features';
import { openNativeDb } from '../src/engine/native';
import { benchTraining, formatTrainingBench } from './training';
import { benchModelLab, formatModelLabBench } from './model-lab';
import { writeRecommendations } from '../src/analyses/recommend';
import { clusterCustomers } from '../src/analyses/clusters';
import { createLocalTrainer } from '../workers/train/local';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, '.bench');

interface Timing {
  totalMs: number;
  stages: Record<string, number>;
}

async function main(): Promise<void> {
  const file = ensureSample();
  console.log(`Cohortbook bench — ${path.relative(root, file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${LINES.toLocaleString('en')} lines), median of ${RUNS} runs\n`);

  const native = await timeEngine('native DuckDB, 1 thread', () => openNativeDb({ threads: 1 }), file);
  const nativeRaw = await timeRawRead(file);
  const node = await timeEngine('DuckDB-WASM in Node', openNodeDb, file);
  const browser = await timeBrowser(file, native.loaded);

  const rows: [string, number, string][] = [
    ['native DuckDB (1 thread): read_csv only', nativeRaw, '-'],
    ['native DuckDB (1 thread): load + canonical tables', native.timing.totalMs, '1.00 (baseline)'],
    ['DuckDB-WASM in Node:      load + canonical tables', node.timing.totalMs, ratio(node.timing.totalMs, native.timing.totalMs)],
    ['DuckDB-WASM in Chromium:  load + canonical tables', browser.timing.totalMs, ratio(browser.timing.totalMs, native.timing.totalMs)],
    ['Chromium, from file picked to report shown (wall)', browser.wallMs, ratio(browser.wallMs, native.timing.totalMs)],
  ];
  console.log(`\nLoad of ${LINES.toLocaleString('en')} lines (DESIGN.md 8: browser within 2x of native on one thread)`);
  for (const [name, ms, r] of rows) console.log(`  ${name.padEnd(52)} ${String(Math.round(ms)).padStart(6)} ms   ratio ${r}`);
  console.log('\nStages (ms):');
  for (const [name, timing] of [['native', native.timing], ['wasm-node', node.timing], ['chromium', browser.timing]] as const) {
    console.log(`  ${name.padEnd(10)} ${Object.entries(timing.stages).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log(`\nLongest main-thread task in Chromium, per run (DESIGN.md 8: <= 50 ms; e2e only trips at 500 ms):`);
  console.log(`  file picked to load report          ${spread(browser.longestTaskMs)}`);
  console.log(`  ... until the notebook has re-run   ${spread(browser.longestWithNotebookMs)} (re-run took ${Math.round(browser.notebookMs)} ms, churn model cell included)`);
  console.log(`  four one-click analyses             ${spread(browser.analyses.longestTaskMs)}`);
  console.log(`One-click analyses in the app on this data (click to cells run and charts drawn): ${ANALYSIS_BUTTONS.map((b) => `${b} ${Math.round(browser.analyses.ms[b]!)} ms`).join(', ')}`);
  console.log(`Report check: ${browser.reportCheck}`);

  const page = await benchPage(file);
  const nativeAnalyses = await timeNativeAnalyses(file);
  console.log(`\nAnalysis SQL on ${LINES.toLocaleString('en')} lines, median of ${RUNS} (DESIGN.md 8: each under 1 s in the browser)`);
  console.log(`  ${'analysis'.padEnd(26)} ${'native 1 thread'.padStart(16)} ${'Chromium'.padStart(10)}   ratio`);
  for (const { name, ms } of page.analyses) {
    const browserMs = medianOf(ms);
    const nativeMs = nativeAnalyses.get(name) ?? NaN;
    console.log(`  ${name.padEnd(26)} ${`${Math.round(nativeMs)} ms`.padStart(16)} ${`${Math.round(browserMs)} ms`.padStart(10)}   ${ratio(browserMs, nativeMs)}${browserMs < 1000 ? '' : '   (over 1 s)'}`);
  }
  console.log(`  (bench page load of the same file: ${Math.round(page.load.ms)} ms, ${page.load.customers} customers)`);

  console.log('\nCustomer lifetime value in Chromium (calibration end 2024-06-30; DESIGN: fit well under 10 s, page not blocked)');
  console.log(`  summary SQL ${Math.round(page.clv.summaryMs)} ms, BG/NBD + Gamma-Gamma fit in the training worker ${Math.round(page.clv.fitMs)} ms, clv_scores & co. written ${Math.round(page.clv.writeMs)} ms, ${page.clv.customers.toLocaleString('en')} customers, longest main-thread task ${Math.round(page.clv.longestTaskMs)} ms`);

  const nodeModels = await timeNodeModels(file);
  console.log(`\nSuggested products and customer groups on ${LINES.toLocaleString('en')} lines (issue 22: in the browser, page not blocked: longest task <= 50 ms)`);
  console.log(`  ${'step'.padEnd(44)} ${'Node, in-process'.padStart(16)} ${'Chromium'.padStart(10)} ${'ratio'.padStart(7)}   in the training worker   longest main-thread task`);
  for (const [name, key] of [['recommendations: read, item-item + holdout, write', 'recommendations'], ['customer groups: features, k-means k = 2..8, write', 'clusters']] as const) {
    const browserStep = page.models[key];
    const nodeMs = nodeModels[key];
    console.log(`  ${name.padEnd(44)} ${`${Math.round(nodeMs)} ms`.padStart(16)} ${`${Math.round(browserStep.ms)} ms`.padStart(10)} ${ratio(browserStep.ms, nodeMs).padStart(7)}   ${`${Math.round(browserStep.workerMs)} ms`.padStart(10)}               ${Math.round(browserStep.longestTaskMs)} ms (${browserStep.rows.toLocaleString('en')} rows)`);
  }

  console.log('\nTraining the churn network 64-32-1, 100k x 30, batch 512 (DESIGN.md 8: an epoch under 0.5 s here)');
  console.log('  In headless Chromium, in a worker:');
  const cpu = page.training.find((r) => r.backend === 'cpu' && r.ok);
  for (const row of page.training) {
    if (!row.ok) {
      console.log(`    ${row.backend.padEnd(7)} ${row.note}`);
      continue;
    }
    const vsCpu = cpu?.msPerEpoch ? ` wall ${ratio(row.msPerEpoch!, cpu.msPerEpoch)} of cpu` : '';
    console.log(`    ${row.backend.padEnd(7)} ${Math.round(row.samplesPerSecond!).toLocaleString('en')} samples/s, ${(row.msPerEpoch! / 1000).toFixed(2)} s/epoch, AUC ${row.auc!.toFixed(3)},${vsCpu}`);
  }
  console.log('  In Node (command line):');
  console.log(formatTrainingBench(await benchTraining({ epochs: 2 })).split('\n').map((l) => `    ${l}`).join('\n'));

  const labSize = { rows: 100_000, features: 15 };
  console.log(`\n${formatModelLabBench(await benchModelLab(labSize), labSize)}`);
}

/** The bench page (bench/browser): load, analyses and training with the product's code in Chromium. */
async function benchPage(file: string) {
  execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', 'vite.bench.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  const server = await serveDist(path.join(benchDir, 'browser-dist'));
  const browser = await launchChromium();
  try {
    const watched = await watchedPage(browser, server.origin);
    const { page } = watched;
    await page.goto(server.url);
    await page.locator('#file').setInputFiles(file);
    type Bench = {
      load(): Promise<{ ms: number; rowsRead: number; customers: number }>;
      analyses(runs: number): Promise<{ name: string; ms: number[] }[]>;
      training(o: { rows: number; features: number; epochs: number }): Promise<import('./browser/train-bench.worker').TrainingRow[]>;
      clv(calibrationEnd: string): Promise<{ summaryMs: number; fitMs: number; writeMs: number; customers: number; longestTaskMs: number }>;
      segmentsAndSuggestions(): Promise<{ recommendations: import('./browser/main').WorkerStep; clusters: import('./browser/main').WorkerStep }>;
    };
    const load = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.load());
    const analyses = await page.evaluate((runs) => (window as unknown as { bench: Bench }).bench.analyses(runs), RUNS);
    const clv = await page.evaluate((end) => (window as unknown as { bench: Bench }).bench.clv(end), '2024-06-30');
    const models = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.segmentsAndSuggestions());
    const training = await page.evaluate((o) => (window as unknown as { bench: Bench }).bench.training(o), { rows: 100_000, features: 30, epochs: 2 });
    if (watched.foreign().length > 0) throw new Error(`requests to another origin: ${watched.foreign().join(', ')}`);
    return { load, analyses, training, clv, models };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Suggested products and customer groups in Node, the baseline: DuckDB-WASM and the trainer in-process (no worker, no page). */
async function timeNodeModels(file: string): Promise<{ recommendations: number; clusters: number }> {
  const db = await openNodeDb();
  const trainer = createLocalTrainer();
  try {
    await loadFile(db, pathSource(file));
    await trainer.hello();
    let start = performance.now();
    await writeRecommendations(db, { k: 10, holdoutDays: 30 }, {}, (purchases, options) => trainer.recommend(purchases, options));
    const recommendations = performance.now() - start;
    start = performance.now();
    await clusterCustomers(db, {}, {}, (raw, rows, options) => trainer.cluster(raw, rows, options));
    return { recommendations, clusters: performance.now() - start };
  } finally {
    trainer.terminate();
    await db.close();
  }
}

/** The same analyses on native DuckDB (one thread), the baseline of the browser figures. */
async function timeNativeAnalyses(file: string): Promise<Map<string, number>> {
  const db = await openNativeDb({ threads: 1 });
  await loadFile(db, pathSource(file));
  const runs: [string, () => Promise<unknown>][] = [
    ['cohort (month)', () => cohortRetention(db, { period: 'month' })],
    ['cohort (week)', () => cohortRetention(db, { period: 'week' })],
    ['repurchase 30/60/90', () => repurchaseRates(db)],
    ['RFM', () => rfmAnalysis(db)],
    ['lifecycle (month)', () => lifecycleStages(db, { period: 'month' })],
    ['time to next purchase', () => timeToNextPurchase(db)],
    ['churn features (H = 90)', () => buildChurnFeatures(db, { horizon: 90 })],
  ];
  const out = new Map<string, number>();
  for (const [name, run] of runs) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await run();
      ms.push(performance.now() - start);
    }
    out.set(name, medianOf(ms));
  }
  await db.close();
  return out;
}

function medianOf(values: number[]): number {
  return median(values, (v) => v);
}

/** Generates the seeded 1M-line sample once (cached in .bench/). */
function ensureSample(): string {
  const name = `shop-${LINES}`;
  const file = path.join(benchDir, `${name}.csv`);
  if (!fs.existsSync(file)) {
    execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['samples/generate.ts', '--lines', String(LINES), '--seed', '1', '--out', benchDir, '--name', name], { cwd: root, stdio: 'inherit' });
  }
  return file;
}

async function timeEngine(label: string, open: () => Promise<Db>, file: string): Promise<{ timing: Timing; loaded: LoadResult }> {
  const runs: { timing: Timing; loaded: LoadResult }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await open();
    const start = performance.now();
    const loaded = await loadFile(db, pathSource(file));
    runs.push({ timing: { totalMs: performance.now() - start, stages: loaded.report.timingsMs }, loaded });
    await db.close();
  }
  const best = median(runs, (r) => r.timing.totalMs);
  console.log(`  ${label}: ${runs.map((r) => Math.round(r.timing.totalMs)).join(', ')} ms`);
  return best;
}

async function timeRawRead(file: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await openNativeDb({ threads: 1 });
    await db.registerFile('raw.csv', { kind: 'path', path: file });
    const start = performance.now();
    await db.exec("CREATE TABLE raw AS SELECT * FROM read_csv('raw.csv')");
    times.push(performance.now() - start);
    await db.close();
  }
  return median(times, (t) => t);
}

async function timeBrowser(file: string, reference: LoadResult) {
  if (!fs.existsSync(path.join(root, 'dist/index.html'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const server = await serveDist(path.join(root, 'dist'));
  const browser = await launchChromium();
  const runs: {
    timing: Timing;
    wallMs: number;
    longestTaskMs: number;
    reportCheck: string;
    notebookMs: number;
    longestWithNotebookMs: number;
    analyses: AnalysesRun;
  }[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const watched = await watchedPage(browser, server.origin);
      const { page } = watched;
      await page.goto(server.url);
      await page.evaluate(() => {
        const w = window as unknown as { __longest: number };
        w.__longest = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      const start = performance.now();
      await page.locator('input[type=file]').first().setInputFiles(file);
      // The load's answer: its summary line (the data section folds after a clean load) or its report.
      await page.locator('#data-title', { hasText: path.basename(file) }).waitFor({ timeout: 300_000 });
      await page.locator('[data-testid=load-summary], [data-testid=load-report]').first().waitFor({ timeout: 300_000 });
      const wallMs = performance.now() - start;
      await openData(page, 300_000);
      const report = page.getByTestId('load-report');
      await page.locator('[data-stat=customers]').waitFor({ timeout: 300_000 });
      const stages = JSON.parse((await report.getAttribute('data-timings')) ?? '{}') as Record<string, number>;
      const totalMs = Object.values(stages).reduce((a, b) => a + b, 0);
      const rowsRead = await reportNumber(page, 'rows-read');
      const customers = await reportNumber(page, 'customers');
      const ok = rowsRead === reference.report.rowsRead && customers === reference.report.customers;
      const reportCheck = `${ok ? 'OK' : 'MISMATCH'}: rows read ${rowsRead} (native ${reference.report.rowsRead}), customers ${customers} (native ${reference.report.customers})`;
      const longestTaskMs = Math.round(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
      // The notebook then re-runs on the new data (the tour's SQL, chart and churn model cells).
      await notebookSettled(page, 600_000);
      const notebookMs = performance.now() - start;
      const longestWithNotebookMs = Math.round(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
      const analyses = await clickAnalyses(page);
      if (watched.foreign().length > 0) throw new Error(`requests to another origin: ${watched.foreign().join(', ')}`);
      runs.push({ timing: { totalMs, stages }, wallMs, longestTaskMs, reportCheck, notebookMs, longestWithNotebookMs, analyses });
      await watched.context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`  DuckDB-WASM in Chromium: ${runs.map((r) => Math.round(r.timing.totalMs)).join(', ')} ms`);
  const best = median(runs, (r) => r.timing.totalMs);
  return {
    ...best,
    longestTaskMs: runs.map((r) => r.longestTaskMs),
    longestWithNotebookMs: runs.map((r) => r.longestWithNotebookMs),
    notebookMs: medianOf(runs.map((r) => r.notebookMs)),
    analyses: {
      ms: Object.fromEntries(ANALYSIS_BUTTONS.map((b) => [b, medianOf(runs.map((r) => r.analyses.ms[b]!))])),
      longestTaskMs: runs.map((r) => Math.round(r.analyses.longestTaskMs)),
    },
  };
}

const ANALYSIS_BUTTONS = ['Cohort retention', 'RFM segments', 'Lifecycle stages', 'Time to next purchase'];

/** Wall time per one-click analysis (click to every cell run and drawn) and the longest task meanwhile. */
interface AnalysesRun {
  ms: Record<string, number>;
  longestTaskMs: number;
}

/** In a new notebook, clicks the four retention analyses one after the other, as a user would. */
async function clickAnalyses(page: Page): Promise<AnalysesRun> {
  await page.getByRole('button', { name: 'Notebooks' }).click();
  await page.getByRole('button', { name: 'New notebook' }).click();
  await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
  const ms: Record<string, number> = {};
  for (const button of ANALYSIS_BUTTONS) {
    const cells = await page.locator('[data-cell-id]').count();
    const start = performance.now();
    await page.getByRole('toolbar', { name: 'Built-in analyses' }).getByRole('button', { name: button, exact: true }).click();
    await page.waitForFunction((before) => document.querySelectorAll('[data-cell-id]').length > before, cells, { timeout: 60_000 });
    await notebookSettled(page, 300_000);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-id][data-kind=chart] [data-testid=chart]')].every((c) => c.getAttribute('data-ready') === 'true'), null, { timeout: 60_000 });
    ms[button] = performance.now() - start;
  }
  return { ms, longestTaskMs: await page.evaluate(() => (window as unknown as { __longest: number }).__longest) };
}

function median<T>(items: T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
}

/** Per-run values with their median and worst, against the 50 ms budget: `31, 0, 62 ms (median 31, worst 62; 1 of 3 over 50)`. */
function spread(values: number[]): string {
  const over = values.filter((v) => v > 50).length;
  return `${values.join(', ')} ms (median ${medianOf(values)}, worst ${Math.max(...values)}; ${over} of ${values.length} runs over 50)`;
}

function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

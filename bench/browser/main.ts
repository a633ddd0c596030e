/**
 * The bench page: the product's own browser engine, loader and analyses, timed in Chromium and driven
 * by bench/run.ts through `window.bench`. Not part of the app (its own Vite build into .bench/).
 */
import { openBrowserDb } from '../../src/engine/browser';
import type { Db } from '../../src/engine/db';
import { loadFile } from '../../src/ingest/load';
import { blobSource } from '../../src/ingest/sources';
import { cohortRetention } from '../../src/analyses/cohort';
import { repurchaseRates } from '../../src/analyses/repurchase';
import { rfmAnalysis } from '../../src/analyses/rfm';
import { lifecycleStages } from '../../src/analyses/lifecycle';
import { timeToNextPurchase } from '../../src/analyses/time-to-next';
import { buildChurnFeatures } from '../../src/analyses/churn-features';
import { clvSummary } from '../../src/analyses/clv-summary';
import { writeClvTables } from '../../src/analyses/clv-tables';
import { createTrainClient } from '../../workers/train/client';
import { writeRecommendations, type RecommendFitter } from '../../src/analyses/recommend';
import { clusterCustomers, type ClusterFitter } from '../../src/analyses/clusters';
import type { TrainingRow } from './train-bench.worker';
import type { BackendName } from '../../src/models/backend';
import { WORKER_CANDIDATES } from '../../workers/train/backends';

const ANALYSES: [string, (db: Db) => Promise<unknown>][] = [
  ['cohort (month)', (db) => cohortRetention(db, { period: 'month' })],
  ['cohort (week)', (db) => cohortRetention(db, { period: 'week' })],
  ['repurchase 30/60/90', (db) => repurchaseRates(db)],
  ['RFM', (db) => rfmAnalysis(db)],
  ['lifecycle (month)', (db) => lifecycleStages(db, { period: 'month' })],
  ['time to next purchase', (db) => timeToNextPurchase(db)],
  ['churn features (H = 90)', (db) => buildChurnFeatures(db, { horizon: 90 })],
];

let db: Db | null = null;

async function load(): Promise<{ ms: number; rowsRead: number; customers: number }> {
  const file = (document.getElementById('file') as HTMLInputElement).files?.[0];
  if (!file) throw new Error('no file chosen');
  db = await openBrowserDb();
  const start = performance.now();
  const loaded = await loadFile(db, blobSource(file.name, file));
  return { ms: performance.now() - start, rowsRead: loaded.report.rowsRead, customers: loaded.report.customers };
}

async function analyses(runs: number): Promise<{ name: string; ms: number[] }[]> {
  if (!db) throw new Error('load first');
  const out: { name: string; ms: number[] }[] = [];
  for (const [name, run] of ANALYSES) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await run(db);
      ms.push(performance.now() - start);
    }
    out.push({ name, ms });
  }
  return out;
}

/** Watches the page's long tasks from now; `stop` gives the longest (0 when none). */
function watchLongTasks(): { stop(): Promise<number> } {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    async stop() {
      // Long tasks are reported after they end: let the observer catch up.
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      return longest;
    },
  };
}

/** The churn network trained on each backend, each in a fresh worker, with the longest main-thread task meanwhile. */
async function training(
  options: { rows: number; features: number; epochs: number; backends?: readonly BackendName[] },
): Promise<{ rows: TrainingRow[]; longestTaskMs: number; isolated: boolean }> {
  const watch = watchLongTasks();
  const rows: TrainingRow[] = [];
  for (const backend of options.backends ?? WORKER_CANDIDATES) rows.push(await trainInWorker({ backend, ...options }));
  return { rows, longestTaskMs: await watch.stop(), isolated: crossOriginIsolated };
}

function trainInWorker(options: { backend: BackendName; rows: number; features: number; epochs: number }): Promise<TrainingRow> {
  const worker = new Worker(new URL('./train-bench.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<TrainingRow>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ row?: TrainingRow; error?: string }>) => {
      if (event.data.row) resolve(event.data.row);
      else reject(new Error(event.data.error ?? 'the training worker gave no figures'));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(options);
  }).finally(() => worker.terminate());
}

/** Customer value as the app's model cell runs it: summary by SQL (DuckDB's worker), fit in the training worker, tables written back. */
async function clv(calibrationEnd: string): Promise<{ summaryMs: number; fitMs: number; writeMs: number; customers: number; longestTaskMs: number }> {
  if (!db) throw new Error('load first');
  const watch = watchLongTasks();
  const trainer = createTrainClient();
  await trainer.hello();
  const start = performance.now();
  const summary = await clvSummary(db, { calibrationEnd });
  const summaryMs = performance.now() - start;
  const fitted = await trainer.fitClv(summary, {});
  const fitMs = performance.now() - start - summaryMs;
  await writeClvTables(db, fitted);
  const writeMs = performance.now() - start - summaryMs - fitMs;
  trainer.terminate();
  return { summaryMs, fitMs, writeMs, customers: fitted.bgnbd.customers, longestTaskMs: await watch.stop() };
}

/** One step's wall time, the part spent in the training worker, and the longest main-thread task meanwhile. */
export interface WorkerStep {
  ms: number;
  workerMs: number;
  longestTaskMs: number;
  rows: number;
}

/**
 * Suggested products and customer groups as the app's model cells run them: purchases or features read by SQL
 * on the page, the numbers in the training worker, the tables written back. The longest main-thread task
 * is watched throughout (issue 22: the page never blocks).
 */
async function segmentsAndSuggestions(): Promise<{ recommendations: WorkerStep; clusters: WorkerStep }> {
  if (!db) throw new Error('load first');
  const trainer = createTrainClient();
  await trainer.hello();
  const step = async (run: (timed: <T>(work: Promise<T>) => Promise<T>) => Promise<number>): Promise<WorkerStep> => {
    const watch = watchLongTasks();
    let workerMs = 0;
    const timed = async <T>(work: Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await work;
      } finally {
        workerMs += performance.now() - start;
      }
    };
    const start = performance.now();
    const rows = await run(timed);
    const ms = performance.now() - start;
    return { ms, workerMs, longestTaskMs: await watch.stop(), rows };
  };
  const recommendations = await step(async (timed) => {
    const fit: RecommendFitter = (purchases, options) => timed(trainer.recommend(purchases, options));
    return (await writeRecommendations(db!, { k: 10, holdoutDays: 30 }, {}, fit)).rows;
  });
  const clusters = await step(async (timed) => {
    const fit: ClusterFitter = (raw, rows, options) => timed(trainer.cluster(raw, rows, options));
    return (await clusterCustomers(db!, {}, {}, fit)).customers;
  });
  trainer.terminate();
  return { recommendations, clusters };
}

(window as unknown as { bench: unknown }).bench = { load, analyses, training, clv, segmentsAndSuggestions };

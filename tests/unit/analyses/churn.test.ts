import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, writeSamples } from '../../../samples/generate';
import { generateShop } from '../../../samples/shop';
import { runChurn, withChartCurves, type ChurnRun } from '../../../src/analyses/churn';
import { CHART_CURVE_POINTS } from '../../../src/models/metrics';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile } from '../../../src/ingest/load';
import { pathSource } from '../../../src/ingest/sources-node';
import { onlyFeatures } from '../../../src/models/baseline';
import { LogisticModel } from '../../../src/models/logistic';
import { rocAuc } from '../../../src/models/metrics';
import { fitPipeline, scorePipeline } from '../../../src/models/pipeline';

const CDNOW = join(__dirname, '../../../../shared/datasets/cdnow/CDNOW_master.txt');

describe('churn on the sample generator (100k lines, seed 3), whose true dropouts are known', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohortbook-churn-'));
  let db: Db;
  let run: ChurnRun;
  beforeAll(async () => {
    writeSamples(parseArgs(['--lines', '100000', '--seed', '3', '--out', dir, '--name', 'shop']));
    db = await openNodeDb();
    await loadFile(db, pathSource(join(dir, 'shop.csv')));
    run = await runChurn(db, { seed: 42 });
  }, 90_000);
  afterAll(async () => {
    run?.pipeline.model.dispose();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks churners well, at least as well as recency alone', () => {
    const { result } = run;
    const model = result.models.logistic!;
    expect(result.population).toBeGreaterThan(10_000);
    expect(model.test.auc).toBeGreaterThan(0.7);
    expect(model.cv.aucMean).toBeGreaterThan(0.7);
    expect(model.test.auc).toBeGreaterThanOrEqual(result.baseline.recencyLogistic.testAuc - 0.01);
    expect(model.cv.aucMean).toBeGreaterThanOrEqual(result.baseline.recencyLogistic.cv.aucMean - 0.01);
    expect(model.test.auc).toBeGreaterThan(result.baseline.recencyRule.auc);
  });

  it('ranks the customers who truly dropped out before the cutoff high (hidden truth)', async () => {
    const shop = generateShop({ lines: 100_000, seed: 3 });
    const dead = new Map<string, number>();
    for (const c of shop.truth()) dead.set(c.customerId, c.dropoutDate !== '' && c.dropoutDate < run.result.cutoff ? 1 : 0);
    const truth = run.dataset.customerIds!.map((id) => dead.get(id)!);
    expect(truth.every((t) => t === 0 || t === 1)).toBe(true);
    expect(rocAuc(truth, await scorePipeline(run.pipeline, run.dataset))).toBeGreaterThan(0.75);
  });

  it('gives recency a positive and frequency a negative coefficient in the model it trains', () => {
    const model = run.pipeline.model as LogisticModel;
    const names = run.pipeline.transform.names;
    expect(model.params.coefficients[names.indexOf('recency_days')]).toBeGreaterThan(0);
    expect(model.params.coefficients[names.indexOf('frequency')]).toBeLessThan(0);
    // The L2 strength came from the one-standard-error rule on the training split, not the default.
    expect(run.result.models.logistic!.l2).toBeGreaterThan(1);
  });

  it('with recency and frequency alone, the signs are the same at the standard L2', async () => {
    const rf = onlyFeatures(run.dataset, ['recency_days', 'frequency']);
    const split = run.dataset.labels.map((_, i) => i);
    const pipeline = await fitPipeline({ kind: 'logistic', preprocess: { log1p: ['frequency'] }, logistic: { l2: 1 } }, rf, run.dataset.labels, Int32Array.from(split));
    const [recency, frequency] = (pipeline.model as LogisticModel).params.coefficients;
    expect(recency).toBeGreaterThan(0);
    expect(frequency).toBeLessThan(0);
  });

  it('reports importance, gains and a plausible split', () => {
    const { result } = run;
    const model = result.models.logistic!;
    expect(model.importance[0]!.feature).toBe('recency_days');
    expect(model.test.gains[1]!.gain).toBeGreaterThan(0.2);
    expect(result.split.train + result.split.test).toBe(result.population);
    expect(result.churnRate).toBeGreaterThan(0.3);
    expect(result.churnRate).toBeLessThan(0.95);
  });

  it('sends a worker answer with curves cut to what a chart draws, ends and everything else kept', () => {
    const { result } = run;
    const full = result.models.logistic!.test;
    expect(full.roc.length).toBeGreaterThan(CHART_CURVE_POINTS);
    const sent = withChartCurves(result).models.logistic!.test;
    expect(sent.roc).toHaveLength(CHART_CURVE_POINTS);
    expect(sent.pr.length).toBeLessThanOrEqual(CHART_CURVE_POINTS);
    expect([sent.roc[0], sent.roc.at(-1)]).toEqual([full.roc[0], full.roc.at(-1)]);
    expect({ ...sent, roc: [], pr: [] }).toEqual({ ...full, roc: [], pr: [] });
    expect(result.models.logistic!.test.roc).toBe(full.roc);
  });
});

describe('churn on CDNOW (horizon 90)', () => {
  let db: Db;
  let run: ChurnRun;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFile(db, pathSource(CDNOW));
    run = await runChurn(db, { horizon: 90, importance: false });
  }, 60_000);
  afterAll(async () => {
    run?.pipeline.model.dispose();
    await db?.close();
  });

  it('follows the protocol: cutoff = last date − 90, every customer bought before it', () => {
    expect(run.result.cutoff).toBe('1998-04-01');
    expect(run.result.population).toBe(23_570);
    expect(run.result.churnRate).toBeGreaterThan(0.8);
  });

  it('cross-validates at least as well as a standard logistic regression on the same features − 0.01, beside recency only', () => {
    const { models, baseline } = run.result;
    const cv = models.logistic!.cv;
    expect(cv.folds).toBe(5);
    expect(baseline.standardLogistic.aucMean).toBeGreaterThan(0.83);
    expect(cv.aucMean).toBeGreaterThanOrEqual(baseline.standardLogistic.aucMean - 0.01);
    expect(cv.aucMean).toBeGreaterThan(0.83);
    expect(baseline.recencyLogistic.cv.aucMean).toBeGreaterThan(0.8);
    expect(baseline.recencyLogistic.cv.aucMean).toBeLessThan(cv.aucMean);
  });
});

/**
 * The sequence model (src/models/sequence.ts) through the churn pipeline: on a planted pattern — churners'
 * gaps between orders lengthen steadily, stayers' shorten, with the same gaps, orders, amounts and recency
 * either way — the per-customer sums cannot tell the two apart, the GRU over the ordered history can. The
 * test prints both AUCs. Also: the scaling is fitted on the training rows only, and the model saves and
 * restores to the same scores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SEQUENCE_CHANNELS } from '../../../src/analyses/churn-sequences';
import { useNodeBackend } from '../../../src/models/backend-node';
import { rocAuc } from '../../../src/models/metrics';
import { fitPipeline, scorePipeline } from '../../../src/models/pipeline';
import type { FeatureInput } from '../../../src/models/preprocess';
import { restorePipeline, savePipeline } from '../../../src/models/saved-model';
import { applySequenceScaling, fitSequenceScaling } from '../../../src/models/sequence';
import { seededRandom, stratifiedSplit, take } from '../../../src/models/split';

const STEPS = 12;

/** Customers with 4–10 orders; churners' gaps sorted ascending, stayers' descending (8% of labels flipped). */
function planted(rows: number, seed: number): { input: FeatureInput; labels: Uint8Array } {
  const random = seededRandom(seed);
  const width = SEQUENCE_CHANNELS.length;
  const values = new Float32Array(rows * STEPS * width);
  const names = ['recency_days', 'frequency', 'monetary', 'tenure_days', 'mean_days_between_orders'];
  const x = new Float32Array(rows * names.length);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const churn = random() < 0.5;
    const orders = 4 + Math.floor(random() * 7);
    const gaps = Array.from({ length: orders - 1 }, () => 5 + Math.floor(random() * 60)).sort((a, b) => (churn ? a - b : b - a));
    const recency = 1 + Math.floor(random() * 60);
    const amounts = Array.from({ length: orders }, () => 10 + Math.round(random() * 90));
    // Ages: the newest order `recency` days before the cutoff, each older one a gap further back.
    let age = recency + gaps.reduce((s, g) => s + g, 0);
    for (let k = 0; k < orders; k++) {
      const at = (r * STEPS + (STEPS - orders + k)) * width;
      values.set([1, k === 0 ? 1 : 0, k === 0 ? 0 : gaps[k - 1]!, amounts[k]!, 1, age], at);
      if (k < orders - 1) age -= gaps[k]!;
    }
    const tenure = recency + gaps.reduce((s, g) => s + g, 0);
    x.set([recency, orders, amounts.reduce((s, a) => s + a, 0), tenure, (tenure - recency) / (orders - 1)], r * names.length);
    labels[r] = (random() < 0.08 ? !churn : churn) ? 1 : 0;
  }
  return { input: { rows, featureNames: names, x, sequence: { steps: STEPS, channels: [...SEQUENCE_CHANNELS], values } }, labels };
}

beforeAll(async () => {
  expect((await useNodeBackend('wasm')).backend).toBe('wasm');
});

describe('sequence model', () => {
  const { input, labels } = planted(1600, 3);
  const split = stratifiedSplit(labels, 0.25, 5);
  const yTest = take(labels, split.test);

  it('learns lengthening gaps that the per-customer sums cannot see, and beats logistic regression', async () => {
    const sequence = await fitPipeline({ kind: 'sequence', seed: 2, sequence: { epochs: 60 } }, input, labels, split.train);
    const logistic = await fitPipeline({ kind: 'logistic', seed: 2 }, input, labels, split.train);
    const sequenceAuc = rocAuc(yTest, await scorePipeline(sequence, input, split.test));
    const logisticAuc = rocAuc(yTest, await scorePipeline(logistic, input, split.test));
    console.log(`planted lengthening gaps: sequence model test AUC ${sequenceAuc.toFixed(3)}, logistic regression ${logisticAuc.toFixed(3)}`);
    expect(logisticAuc).toBeLessThan(0.6);
    expect(sequenceAuc).toBeGreaterThan(0.8);
    expect(sequenceAuc - logisticAuc).toBeGreaterThan(0.2);
    // Saved and restored, it scores the same.
    const saved = await savePipeline(sequence, { features: input.featureNames.map((name) => ({ name, kind: 'days' })), cutoff: '2024-01-01', horizon: 90 });
    const restored = await restorePipeline(saved);
    const again = await scorePipeline(restored, input, split.test);
    const first = await scorePipeline(sequence, input, split.test);
    for (let i = 0; i < first.length; i++) expect(again[i]).toBeCloseTo(first[i]!, 5);
    sequence.model.dispose();
    restored.model.dispose();
  }, 120_000);

  it('scales channels on the training rows only: flags stay 0/1, padding stays zero', () => {
    const rows = Int32Array.from([0, 1, 2]);
    const scaling = fitSequenceScaling(input.sequence!, rows);
    const changed = { ...input.sequence!, values: input.sequence!.values.slice() };
    // A huge amount on a row outside the training rows does not move the scaling.
    changed.values[(5 * STEPS + STEPS - 1) * SEQUENCE_CHANNELS.length + 3] = 1e9;
    expect(fitSequenceScaling(changed, rows)).toEqual(scaling);
    const scaled = applySequenceScaling(scaling, input.sequence!, rows);
    const width = SEQUENCE_CHANNELS.length;
    for (let t = 0; t < STEPS; t++) {
      const present = scaled[t * width]!;
      expect([0, 1]).toContain(present);
      if (present === 0) expect(Array.from(scaled.subarray(t * width, (t + 1) * width)).every((v) => v === 0)).toBe(true);
    }
  });
});

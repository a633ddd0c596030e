import { describe, expect, it } from 'vitest';
import { isChurnSettings, readChurnForm, settingsObject, writeChurnForm } from '../../../../src/ui/notebook/model-form';
import { advance, type LiveTraining } from '../../../../src/ui/notebook/model-training.svelte';
import { trainOptionsFromQuery } from '../../../../src/ui/notebook/train-options';

describe('churn settings form', () => {
  it('reads the protocol defaults from the tour cell and keeps other keys when writing', () => {
    const settings = settingsObject('{"kind":"churn","horizon":90,"cutoff":null,"model":"logistic","seed":42,"scores":true,"folds":3}')!;
    expect(isChurnSettings(settings)).toBe(true);
    expect(readChurnForm(settings)).toEqual({ features: '', model: 'logistic', horizon: 90, cutoff: '', seed: 42, epochs: 100 });
    const next = JSON.parse(writeChurnForm(settings, { model: 'mlp', epochs: 5, cutoff: '2024-06-30' }));
    expect(next).toEqual({ kind: 'churn', horizon: 90, cutoff: '2024-06-30', model: 'mlp', seed: 42, scores: true, folds: 3, mlp: { epochs: 5 } });
    expect(JSON.parse(writeChurnForm(next, { cutoff: '' })).cutoff).toBeNull();
  });

  it('reads older cells and tells CLV settings apart', () => {
    expect(readChurnForm(settingsObject('{"model":"churn","horizon_days":60}')!).horizon).toBe(60);
    expect(isChurnSettings(settingsObject('{"model":"bgnbd+gamma_gamma","calibration_end":"2024-01-01"}')!)).toBe(false);
    expect(settingsObject('not json')).toBeNull();
  });
});

describe('live training state', () => {
  const start: LiveTraining = { stage: 'features', model: null, epochs: [], fraction: null, fold: null, fallbacks: [] };
  const epoch = (n: number) => ({ v: 1, event: 'progress', jobId: 'j', model: 'mlp', phase: 'train', epoch: { epoch: n, maxEpochs: 10, loss: 1 / n, elapsedMs: n * 100 } }) as const;

  it('collects epochs, restarts them for a replayed training, and records fallbacks', () => {
    let live = advance(start, { stage: 'training', event: epoch(1) });
    live = advance(live, { stage: 'training', event: epoch(2) });
    expect(live.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(live.fraction).toBeCloseTo(0.2);
    live = advance(live, { stage: 'training', event: { v: 1, event: 'fallback', jobId: 'j', from: 'webgl', to: 'wasm', reason: 'The WebGL context was lost', epochsKept: 2 } });
    live = advance(live, { stage: 'training', event: epoch(2) });
    expect(live.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(live.fallbacks).toEqual([{ from: 'webgl', to: 'wasm', reason: 'The WebGL context was lost' }]);
    live = advance(live, { stage: 'scoring' });
    expect(live.stage).toBe('scoring');
    expect(live.epochs).toHaveLength(2);
  });
});

describe('test-only trainer switches in the URL', () => {
  it.each([
    ['', {}],
    ['?backend=webgl&softwareWebgl=1', { prefer: 'webgl', softwareWebgl: true }],
    ['?backend=wasm', { prefer: 'wasm' }],
    ['?backend=gpu-please&softwareWebgl=yes', {}],
  ])('%s', (search, expected) => {
    expect(trainOptionsFromQuery(search)).toEqual(expected);
  });
});

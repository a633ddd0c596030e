import { describe, expect, it } from 'vitest';
import { isChurnSettings, readChurnForm, settingsObject, writeChurnForm } from '../../../../src/ui/notebook/model-form';
import { advance, type LiveTraining } from '../../../../src/ui/notebook/model-training.svelte';
import { trainOptionsFromQuery } from '../../../../src/ui/notebook/train-options';

describe('churn settings form', () => {
  it('reads the protocol defaults from the tour cell and keeps other keys when writing', () => {
    const settings = settingsObject('{"kind":"churn","horizon":90,"cutoff":null,"model":"logistic","seed":42,"scores":true,"folds":3}')!;
    expect(isChurnSettings(settings)).toBe(true);
    expect(readChurnForm(settings)).toEqual({ features: '', model: 'logistic', label: 'purchase', horizon: 90, cutoff: '', seed: 42, epochs: 100, tierHigh: 0.8, tierMedium: 0.5 });
    const next = JSON.parse(writeChurnForm(settings, { model: 'mlp', epochs: 5, cutoff: '2024-06-30' }));
    expect(next).toEqual({ kind: 'churn', horizon: 90, cutoff: '2024-06-30', model: 'mlp', seed: 42, scores: true, folds: 3, mlp: { epochs: 5 } });
    expect(JSON.parse(writeChurnForm(next, { cutoff: '' })).cutoff).toBeNull();
  });

  it('edits the retention tier thresholds, keeping the other one', () => {
    const settings = settingsObject('{"kind":"churn","model":"all","tiers":{"high":0.9,"medium":0.6}}')!;
    expect(readChurnForm(settings)).toMatchObject({ model: 'all', tierHigh: 0.9, tierMedium: 0.6 });
    const next = JSON.parse(writeChurnForm(settings, { tierMedium: 0.4 }));
    expect(next.tiers).toEqual({ high: 0.9, medium: 0.4 });
    expect(JSON.parse(writeChurnForm(settingsObject('{"kind":"churn"}')!, { tierHigh: 0.7 })).tiers).toEqual({ high: 0.7, medium: 0.5 });
  });

  it('offers the activity label as a preset: 7 days unless the cell says otherwise', () => {
    expect(readChurnForm(settingsObject('{"kind":"churn","label":"activity"}')!)).toMatchObject({ label: 'activity', horizon: 7 });
    expect(JSON.parse(writeChurnForm(settingsObject('{"kind":"churn"}')!, { label: 'activity', horizon: 7 }))).toMatchObject({ label: 'activity', horizon: 7 });
  });

  it('reads older cells and tells CLV settings apart', () => {
    expect(readChurnForm(settingsObject('{"model":"churn","horizon_days":60}')!).horizon).toBe(60);
    expect(isChurnSettings(settingsObject('{"model":"bgnbd+gamma_gamma","calibration_end":"2024-01-01"}')!)).toBe(false);
    expect(settingsObject('not json')).toBeNull();
  });
});

describe('live training state', () => {
  const start: LiveTraining = { stage: 'features', model: null, epochs: [], fraction: null, fold: null, fallbacks: [], models: [] };
  const epoch = (n: number) => ({ v: 1, event: 'progress', jobId: 'j', model: 'mlp', phase: 'train', epoch: { epoch: n, maxEpochs: 10, loss: 1 / n, elapsedMs: n * 100 } }) as const;

  it('keeps a share done per model: fitting, then folds, then importance; done once the next one starts', () => {
    const event = (model: 'forest' | 'boosting', phase: 'train' | 'cross-validate' | 'importance', fold?: number) =>
      ({ v: 1, event: 'progress', jobId: 'j', model, phase, ...(phase === 'train' ? { epoch: { epoch: 50, maxEpochs: 100, loss: 0, elapsedMs: 1 } } : {}), ...(fold ? { fold, folds: 5 } : {}) }) as const;
    let live = advance(start, { stage: 'training', event: event('forest', 'train') });
    expect(live.models).toEqual([{ kind: 'forest', fraction: 0.075 }]);
    live = advance(live, { stage: 'training', event: event('forest', 'cross-validate', 3) });
    expect(live.models[0]!.fraction).toBeCloseTo(0.15 + 0.8 * (2 / 5));
    live = advance(live, { stage: 'training', event: event('forest', 'importance') });
    live = advance(live, { stage: 'training', event: event('boosting', 'train') });
    expect(live.models).toEqual([{ kind: 'forest', fraction: 1 }, { kind: 'boosting', fraction: 0.075 }]);
  });

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

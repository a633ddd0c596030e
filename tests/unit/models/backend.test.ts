import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseBackend, useBackend } from '../../../src/models/backend';
import { NODE_CANDIDATES, NODE_LOADERS, useNodeBackend } from '../../../src/models/backend-node';

describe('chooseBackend in Node', () => {
  it('times wasm and cpu, keeps the fastest active and reports both', async () => {
    const choice = await chooseBackend({ candidates: NODE_CANDIDATES, loaders: NODE_LOADERS, trialShape: [512, 30], repeats: 2 });
    expect(choice.trials.map((t) => t.backend)).toEqual(['wasm', 'cpu']);
    expect(choice.trials.every((t) => t.ok && t.ms! > 0)).toBe(true);
    const fastest = [...choice.trials].sort((a, b) => a.ms! - b.ms!)[0]!.backend;
    expect(choice.backend).toBe(fastest);
    expect(tf.getBackend()).toBe(fastest);
  });

  it('reports a backend that cannot run here instead of failing, and never picks it', async () => {
    const choice = await chooseBackend({ candidates: ['webgpu', 'cpu'], trialShape: [64, 8], repeats: 1 });
    expect(choice.trials[0]).toMatchObject({ backend: 'webgpu', ok: false });
    expect(choice.backend).toBe('cpu');
  });

  it('fails with every reason when nothing works', async () => {
    await expect(chooseBackend({ candidates: ['webgpu'], repeats: 1 })).rejects.toThrow('No TF.js backend works here (webgpu: not available)');
  });

  it('useBackend activates a named backend; useNodeBackend refuses browser-only ones', async () => {
    expect(await useBackend('wasm', NODE_LOADERS)).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect((await useNodeBackend('cpu')).backend).toBe('cpu');
    await expect(useNodeBackend('webgl')).rejects.toThrow('does not run in Node');
  });
});

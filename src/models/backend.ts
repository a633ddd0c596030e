/**
 * Picks the TF.js backend by a measured trial, never by priority alone: on a machine without a GPU,
 * WebGL runs on a software renderer and is >10x slower than wasm (PLATFORM.md). Each candidate is
 * registered (a loader may import the backend or point it at its self-hosted binaries), activated
 * with an explicit `tf.setBackend`, and timed on a few training steps of the churn network's shape;
 * the fastest wins and stays active. Environment-free: the caller passes the loaders it can offer
 * (browser: webgpu, webgl, wasm via `?url` binaries; Node: wasm from disk, see backend-node.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { useFastWasmKernels } from './wasm-kernels';

/** A TF.js backend Cohortbook can train on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order in which backends are tried in a browser. */
export const BROWSER_CANDIDATES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What happened when one backend was tried. */
export interface BackendTrial {
  backend: BackendName;
  ok: boolean;
  /** Median milliseconds of one trial step (forward + backward on the trial batch). */
  ms?: number;
  error?: string;
}

/** The chosen backend and every trial, to show the user. */
export interface BackendChoice {
  backend: BackendName;
  trials: BackendTrial[];
}

export interface ChooseBackendOptions {
  candidates?: readonly BackendName[];
  /** Per backend: make it available (import its package, set its wasm paths). Missing = already registered. */
  loaders?: Partial<Record<BackendName, () => Promise<void>>>;
  /** Rows × features of the trial batch; default 2048 × 30. */
  trialShape?: [number, number];
  /** Timed repetitions after one warm-up; default 3. */
  repeats?: number;
}

/** Tries each candidate, keeps the fastest active, and reports all trials. */
export async function chooseBackend(options: ChooseBackendOptions = {}): Promise<BackendChoice> {
  const candidates = options.candidates ?? BROWSER_CANDIDATES;
  const trials: BackendTrial[] = [];
  for (const backend of candidates) trials.push(await tryBackend(backend, options));
  const working = trials.filter((t) => t.ok).sort((a, b) => a.ms! - b.ms!);
  const fastest = working[0];
  if (!fastest) throw new Error(`No TF.js backend works here (${trials.map((t) => `${t.backend}: ${t.error}`).join('; ')}).`);
  if (!(await tf.setBackend(fastest.backend))) throw new Error(`The ${fastest.backend} backend stopped working after its trial.`);
  return { backend: fastest.backend, trials };
}

/** Activates `backend` (after its loader) without a trial; false when it is unavailable here. */
export async function useBackend(backend: BackendName, loaders: ChooseBackendOptions['loaders'] = {}): Promise<boolean> {
  try {
    await loaders[backend]?.();
    const ok = await tf.setBackend(backend);
    if (ok) await tf.ready();
    if (ok && backend === 'wasm') useFastWasmKernels();
    return ok && tf.getBackend() === backend;
  } catch {
    return false;
  }
}

async function tryBackend(backend: BackendName, options: ChooseBackendOptions): Promise<BackendTrial> {
  try {
    if (!(await useBackend(backend, options.loaders))) return { backend, ok: false, error: 'not available' };
    const ms = await timeTrial(options.trialShape ?? [2048, 30], options.repeats ?? 3);
    return { backend, ok: true, ms };
  } catch (error) {
    return { backend, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Median ms of a forward + backward pass of a 64-32-1 network on a random batch. */
async function timeTrial([rows, cols]: [number, number], repeats: number): Promise<number> {
  const x = tf.randomUniform([rows, cols], -1, 1, 'float32', 1);
  const weights = [
    tf.randomNormal([cols, 64], 0, 0.1, 'float32', 2),
    tf.randomNormal([64, 32], 0, 0.1, 'float32', 3),
    tf.randomNormal([32, 1], 0, 0.1, 'float32', 4),
  ];
  const step = tf.grads((w1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) =>
    tf.mean(tf.sigmoid(tf.matMul(tf.relu(tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), w3))),
  );
  const once = async () => {
    const grads = tf.tidy(() => step(weights));
    await grads[0]!.data();
    tf.dispose(grads);
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await once();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[times.length >> 1]!;
  } finally {
    tf.dispose([x, ...weights]);
  }
}

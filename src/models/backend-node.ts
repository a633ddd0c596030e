/**
 * TF.js backends in Node (command line, tests): the wasm backend with its binaries read from the
 * package on disk (~3x faster than cpu here), and cpu as the fallback. `@tensorflow/tfjs-node` is
 * not used: it cannot be installed on our machines.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { chooseBackend, useBackend, type BackendChoice, type BackendName } from './backend';

const require = createRequire(import.meta.url);

/** The backends Node can run, fastest first. */
export const NODE_CANDIDATES: readonly BackendName[] = ['wasm', 'cpu'];

let wasmReady = false;

/** Points the wasm backend at its binaries in node_modules (once, before it first starts). */
async function loadWasm(): Promise<void> {
  if (wasmReady) return;
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(dir + path.sep);
  wasmReady = true;
}

/** Loaders for chooseBackend/useBackend in Node. */
export const NODE_LOADERS = { wasm: loadWasm };

/** Activates a Node backend: 'auto' runs the trial; a named one falls back to cpu when it fails. */
export async function useNodeBackend(choice: BackendName | 'auto' = 'auto'): Promise<BackendChoice> {
  return withoutTfjsNodeBanner(async () => {
    const active = await activate(choice);
    tf.scalar(0).dispose();
    return active;
  });
}

async function activate(choice: BackendName | 'auto'): Promise<BackendChoice> {
  if (choice === 'auto') return chooseBackend({ candidates: NODE_CANDIDATES, loaders: NODE_LOADERS });
  if (!NODE_CANDIDATES.includes(choice)) throw new Error(`The ${choice} backend does not run in Node; use wasm or cpu.`);
  if (await useBackend(choice, NODE_LOADERS)) return { backend: choice, trials: [{ backend: choice, ok: true }] };
  if (await useBackend('cpu')) return { backend: 'cpu', trials: [{ backend: choice, ok: false, error: 'not available' }, { backend: 'cpu', ok: true }] };
  throw new Error('Neither the wasm nor the cpu TF.js backend works here.');
}

/** The cpu backend's first use prints an advert for tfjs-node (which cannot install here); keep stderr clean. */
async function withoutTfjsNodeBanner<T>(work: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('tfjs-node')) warn(...args);
  };
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

/**
 * TF.js backends in the browser worker: WebGPU and WebGL imported when first tried, wasm with its
 * binaries self-hosted (Vite `?url` assets under our own origin, never a CDN; the threaded build is
 * left out, WASM_HAS_MULTITHREAD_SUPPORT is off: docs/performance.md says why), and cpu, which is always there. Also the WebGL
 * context-loss listener that turns a lost GPU into a fallback instead of a dead job.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { BROWSER_CANDIDATES, type BackendName, type ChooseBackendOptions } from '../../src/models/backend';

/** Backends in trial and fallback order. */
export const WORKER_CANDIDATES = BROWSER_CANDIDATES;

const settings: { wasmPaths?: Record<string, string>; softwareWebgl?: boolean } = {};

/** Applies `hello`'s settings before any backend starts. */
export function configureBackends(next: typeof settings): void {
  Object.assign(settings, next);
  if (next.softwareWebgl) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
}

/** Loaders for chooseBackend/useBackend in the worker. */
export const WORKER_LOADERS: ChooseBackendOptions['loaders'] = {
  webgpu: async () => {
    if (!('gpu' in navigator)) throw new Error('WebGPU is not available here.');
    await import('@tensorflow/tfjs-backend-webgpu');
  },
  webgl: async () => {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('This browser has no OffscreenCanvas for WebGL in a worker.');
    await import('@tensorflow/tfjs-backend-webgl');
  },
  wasm: async () => {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // setWasmPaths insists on an entry for every binary; the threaded one is never fetched with
    // multithreading off, so it points at the SIMD build instead of shipping an unused file.
    setWasmPaths(
      settings.wasmPaths ?? {
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
      },
    );
  },
};

/** The WebGL backend's context, when WebGL is the active backend. */
function webglContext(): WebGLRenderingContext | undefined {
  return (tf.backend() as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
}

/** What to call when the watched WebGL context is lost (at most once per context). */
let reportLoss: ((reason: string) => void) | null = null;

/**
 * Called after every epoch. A lost context makes WebGL calls silent no-ops (reads give zeros) and its
 * event comes later, so the loss is also checked here, synchronously, before another epoch runs on it.
 */
export function afterEpoch(backend: BackendName): void {
  if (backend === 'webgl' && webglContext()?.isContextLost()) reportLoss?.('The WebGL context was lost');
}

/** Calls `onLost` (once) when the WebGL backend's canvas loses its context (GPU reset, too much memory). */
export function watchBackend(backend: BackendName, onLost: (reason: string) => void): void {
  if (backend !== 'webgl') return;
  let reported = false;
  reportLoss = (reason) => {
    if (reported) return;
    reported = true;
    onLost(reason);
  };
  const report = reportLoss;
  (webglContext()?.canvas as EventTarget | undefined)?.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    report('The WebGL context was lost');
  });
}

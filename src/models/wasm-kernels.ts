/**
 * Two kernels of tfjs-backend-wasm replaced by faster ones with the same results (only the wasm backend is touched;
 * `useFastWasmKernels` installs both once, when the backend starts: backend.ts `useBackend`).
 *
 * - BatchMatMul: tfjs-backend-wasm multiplies matrices fast only when neither operand is transposed: with
 *   `transposeA` or `transposeB` it takes a slow path, 8x slower here on the churn network's shapes (a [512, 30]ᵀ ×
 *   [512, 64] product: 0.92 ms against 0.12 ms for an explicit transpose and a plain product). Every gradient of a
 *   dense layer is such a product (dW = xᵀ·dy, dx = dy·Wᵀ), so training spent most of its time there. The wrapper
 *   transposes a transposed operand explicitly first (a copy, cheap beside the product), then the fast kernel runs.
 * - Identity: TF.js clones every tensor a gradient will need (`saveTensorsForBackwardMode`), and the wasm Identity
 *   copies the data (5% of an epoch of the churn network). Tensors never change once made, so the clone shares the
 *   data with a reference count, as the cpu backend's Identity and the wasm Reshape already do.
 */
import * as tf from '@tensorflow/tfjs';

let installed = false;

/** Installs both kernels (once; the wasm backend must be registered). */
export function useFastWasmKernels(): void {
  if (installed || !tf.getKernel('BatchMatMul', 'wasm')) return;
  installed = true;
  useExplicitTransposeMatMul();
  useSharingIdentity();
}

/** Replaces the wasm backend's BatchMatMul by one that transposes explicitly. */
function useExplicitTransposeMatMul(): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
      const made: tf.TensorInfo[] = [];
      const explicit = (x: tf.TensorInfo, flip: boolean): tf.TensorInfo => {
        if (!flip) return x;
        const rank = x.shape.length;
        const perm = [...Array(rank).keys()];
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
        const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
        made.push(out);
        return out;
      };
      try {
        const a = explicit(inputs.a as tf.TensorInfo, transposeA);
        const b = explicit(inputs.b as tf.TensorInfo, transposeB);
        return original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      } finally {
        for (const info of made) (backend as { disposeData(id: object): void }).disposeData(info.dataId);
      }
    },
  });
}

/** Replaces the wasm backend's Identity by one that shares its input's data (strings are still copied). */
function useSharingIdentity(): void {
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return original.kernelFunc({ inputs, backend, attrs });
      (backend as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

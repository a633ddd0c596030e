/**
 * tfjs-backend-wasm multiplies matrices fast only when neither operand is transposed: its BatchMatMul with
 * `transposeA` or `transposeB` takes a slow path, 8x slower here on the churn network's shapes (a [512, 30]ᵀ ×
 * [512, 64] product: 0.92 ms against 0.12 ms for an explicit transpose and a plain product). Every gradient of a
 * dense layer is such a product (dW = xᵀ·dy, dx = dy·Wᵀ), so training spent most of its time there. This wraps
 * the wasm kernel: a transposed operand is transposed explicitly first (a copy, cheap beside the product), then
 * the fast kernel runs. Results are the same products; only the wasm backend is touched.
 */
import * as tf from '@tensorflow/tfjs';

let wrapped = false;

/** Replaces the wasm backend's BatchMatMul by one that transposes explicitly (once; the wasm backend must be registered). */
export function useFastWasmMatMul(): void {
  if (wrapped) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  wrapped = true;
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

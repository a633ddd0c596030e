/**
 * Dropout whose masks are drawn on the host by a seeded xorshift generator and uploaded with the batch.
 *
 * Why not tf.layers.dropout: it draws each mask with tf.randomUniform, whose generator runs element by element in
 * JavaScript (11% of an epoch of the churn network on wasm) and costs five operations per layer and batch; and with
 * a seed it draws the same mask for every batch (the seed restarts the stream at each call), so the same units
 * were always dropped. Here each training call draws a fresh mask from one stream per layer, and the layer is one
 * multiplication; at inference it passes its input through.
 */
import * as tf from '@tensorflow/tfjs';

export class HostDropout extends tf.layers.Layer {
  static className = 'HostDropout';
  private readonly rate: number;
  private state: number;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    // xorshift32 must not start at 0.
    this.state = args.seed | 0 || 0x9e3779b9 | 0;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    return tf.mul(x, tf.tensor(this.mask(x.size), x.shape));
  }

  /** Kept units scaled by 1/(1 − rate), so the layer's expected output equals its input. */
  private mask(size: number): Float32Array {
    const mask = new Float32Array(size);
    const kept = 1 / (1 - this.rate);
    // A unit is dropped when its 32-bit draw, read as unsigned, is below rate·2³². The draws stay signed 32-bit
    // integers (flipping the top bit orders them as unsigned): mixed signed and unsigned arithmetic was slower.
    const threshold = (Math.floor(this.rate * 4294967296) - 2147483648) | 0;
    let s = this.state | 0;
    for (let i = 0; i < size; i++) {
      s = (s ^ (s << 13)) | 0;
      s = (s ^ (s >>> 17)) | 0;
      s = (s ^ (s << 5)) | 0;
      if ((s ^ 0x80000000) >= threshold) mask[i] = kept;
    }
    this.state = s;
    return mask;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

tf.serialization.registerClass(HostDropout);

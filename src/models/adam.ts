/**
 * Adam with an L2 penalty on some weights, as the networks' training loop uses it: one `step` per batch with the
 * gradients of the loss. Two implementations of the same update (tf.train.adam's: moments with bias correction,
 * epsilon the backend's):
 *
 * - on the host, for backends whose tensors already live in this thread's memory (wasm, cpu): gradients are read
 *   (a copy of about 4,000 numbers for the churn network), moments and weights updated in one loop, and each weight
 *   uploaded. tf.train.adam spends about 13 operations per weight and batch, and on wasm each operation carries a
 *   fixed cost that dwarfs the arithmetic of such small tensors.
 * - on the device, for GPU backends (WebGPU, WebGL), where reading gradients back every batch would stall the GPU.
 */
import * as tf from '@tensorflow/tfjs';

export interface NetworkOptimizer {
  /** Applies one batch's gradients (by variable name). */
  step(grads: tf.NamedTensorMap): void;
  dispose(): void;
}

export interface AdamSettings {
  learningRate: number;
  /** The penalty l2·Σ‖W‖² on the `penalised` variables enters each of their gradients as 2·l2·W. */
  l2: number;
  penalised: ReadonlySet<string>;
}

const BETA1 = 0.9;
const BETA2 = 0.999;

/** The optimizer for the current backend. */
export function adamFor(backend: string, settings: AdamSettings): NetworkOptimizer {
  return backend === 'wasm' || backend === 'cpu' ? new HostAdam(settings) : new DeviceAdam(settings);
}

/** Adam computed on the host (wasm and cpu backends). */
class HostAdam implements NetworkOptimizer {
  private readonly byVariable = new Map<string, { weights: Float32Array; first: Float32Array; second: Float32Array }>();
  private readonly epsilon = tf.backend().epsilon();
  private steps = 0;

  constructor(private readonly settings: AdamSettings) {}

  step(grads: tf.NamedTensorMap): void {
    this.steps++;
    const { learningRate, l2, penalised } = this.settings;
    const firstCorrection = 1 - BETA1 ** this.steps;
    const secondCorrection = 1 - BETA2 ** this.steps;
    for (const [name, gradient] of Object.entries(grads)) {
      const variable = tf.engine().registeredVariables[name]!;
      const state = this.state(name, variable);
      const { weights, first, second } = state;
      const g = gradient.dataSync() as Float32Array;
      const decay = penalised.has(name) ? 2 * l2 : 0;
      for (let i = 0; i < weights.length; i++) {
        const gi = g[i]! + decay * weights[i]!;
        first[i] = BETA1 * first[i]! + (1 - BETA1) * gi;
        second[i] = BETA2 * second[i]! + (1 - BETA2) * gi * gi;
        weights[i]! -= (learningRate * (first[i]! / firstCorrection)) / (Math.sqrt(second[i]! / secondCorrection) + this.epsilon);
      }
      // A copy: the cpu backend keeps the array it is given, and `weights` changes in place at the next step.
      variable.assign(tf.tensor(weights.slice(), variable.shape));
    }
  }

  /** The host copy of a variable's weights and its moments, read from the variable at its first step. */
  private state(name: string, variable: tf.Variable) {
    let state = this.byVariable.get(name);
    if (!state) {
      const weights = Float32Array.from(variable.dataSync());
      state = { weights, first: new Float32Array(weights.length), second: new Float32Array(weights.length) };
      this.byVariable.set(name, state);
    }
    return state;
  }

  dispose(): void {
    this.byVariable.clear();
  }
}

/** tf.train.adam with the L2 gradient added on the device (GPU backends). */
class DeviceAdam implements NetworkOptimizer {
  private readonly adam: tf.AdamOptimizer;

  constructor(private readonly settings: AdamSettings) {
    this.adam = tf.train.adam(settings.learningRate, BETA1, BETA2);
  }

  step(grads: tf.NamedTensorMap): void {
    const { l2, penalised } = this.settings;
    tf.tidy(() => {
      const penalisedGrads = { ...grads };
      for (const name of Object.keys(grads)) {
        if (penalised.has(name)) penalisedGrads[name] = tf.add(grads[name]!, tf.mul(tf.engine().registeredVariables[name]!, 2 * l2));
      }
      this.adam.applyGradients(penalisedGrads as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
    });
  }

  dispose(): void {
    this.adam.dispose();
  }
}

/**
 * The page's handle on the training worker: a Trainer whose worker starts on first use. If the worker
 * dies, every pending call is rejected and the next call starts a new worker (and greets it again).
 */
import type { TrainApi } from './protocol';
import { RpcClient } from '../../src/rpc/client';
import { workerEndpoint } from '../../src/rpc/worker-endpoint';
import { TRAIN_ERROR_TYPES, trainerOverRpc, type HelloOptions, type Trainer } from './trainer';
import { trainerPool } from './pool';

/** Creates the browser Trainer (TF.js in module workers; the backend picked by a measured trial). */
export function createTrainClient(defaults: HelloOptions = {}): Trainer {
  const one = (): Trainer =>
    trainerOverRpc(
      new RpcClient<TrainApi>(workerEndpoint(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'train' })), TRAIN_ERROR_TYPES),
      defaults,
    );
  // A comparison of every model shares its models among two workers when the machine has the cores for it.
  return trainerPool(one, Math.min(2, Math.max(1, navigator.hardwareConcurrency || 1)));
}

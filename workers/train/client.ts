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
export function createTrainClient(options: HelloOptions = {}): Trainer {
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  // With two cores or fewer the training workers would take every core the page needs for its frames: each
  // rests 30% of the time (measured on a 2-core machine: the longest main-thread task of "Compare models"
  // went from 50-75 ms to at most 52 ms, training ~25% longer). Machines with more cores train flat out.
  const defaults: HelloOptions = { idleShare: cores <= 2 ? 0.3 : 0, ...options };
  const one = (): Trainer =>
    trainerOverRpc(
      new RpcClient<TrainApi>(workerEndpoint(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'train' })), TRAIN_ERROR_TYPES),
      defaults,
    );
  // A comparison of every model shares its models among two workers when the machine has the cores for it.
  return trainerPool(one, Math.min(2, cores));
}

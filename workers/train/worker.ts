/// <reference lib="webworker" />
/** Trains, evaluates and scores models with TF.js away from the page (TrainApi of train.protocol.ts). */
import type { RpcPort } from '../../src/rpc/protocol';
import { serveRpc } from '../../src/rpc/server';
import { createTrainService } from './service';
import type { TrainApi } from './protocol';
import { WORKER_CANDIDATES, WORKER_LOADERS, afterEpoch, configureBackends, watchBackend } from './backends';

const port = self as unknown as RpcPort;
const { handlers } = createTrainService({
  candidates: WORKER_CANDIDATES,
  loaders: WORKER_LOADERS,
  emit: (event) => port.postMessage(event, []),
  configure: configureBackends,
  watchBackend,
  afterEpoch,
});
serveRpc<TrainApi>(port, handlers);

/**
 * The Node trainer (command line, tests): the training worker's service served on an in-memory
 * MessageChannel in this thread, so Node runs exactly the worker's protocol and code, with the wasm
 * backend read from node_modules (cpu as the fallback).
 */
import type { TrainApi } from './protocol';
import { RpcClient, type RpcEndpoint } from '../../src/rpc/client';
import type { RpcPort } from '../../src/rpc/protocol';
import { serveRpc } from '../../src/rpc/server';
import type { BackendName } from '../../src/models/backend';
import { NODE_CANDIDATES, NODE_LOADERS } from '../../src/models/backend-node';
import { createTrainService, type TrainServiceOptions } from './service';
import { TRAIN_ERROR_TYPES, trainerOverRpc, type Trainer } from './trainer';

/** A connect function serving a fresh train service on an in-memory port each time. */
export function memoryTrainEndpoint(service: Partial<TrainServiceOptions> = {}): () => RpcEndpoint {
  return () => {
    const channel = new MessageChannel();
    const server = channel.port2 as unknown as RpcPort;
    const { handlers } = createTrainService({
      candidates: NODE_CANDIDATES,
      loaders: NODE_LOADERS,
      emit: (event) => server.postMessage(event, []),
      ...service,
    });
    serveRpc<TrainApi>(server, handlers);
    return {
      port: channel.port1 as unknown as RpcPort,
      onFailure: () => {},
      terminate: () => {
        channel.port1.close();
        channel.port2.close();
      },
    };
  };
}

/** A Trainer running in this Node process; `terminate()` it when done so the process can exit. */
export function createLocalTrainer(options: { backend?: BackendName | 'auto'; service?: Partial<TrainServiceOptions> } = {}): Trainer {
  const client = new RpcClient<TrainApi>(memoryTrainEndpoint(options.service), TRAIN_ERROR_TYPES);
  return trainerOverRpc(client, { prefer: options.backend ?? 'wasm' });
}

/** Adapts a browser Worker to an RpcEndpoint: its error events count as the worker dying. */
import { RpcDisconnectedError, type RpcEndpoint } from './client';
import type { RpcPort } from './protocol';

/** Returns a `connect` function for RpcClient that starts a fresh worker each time. */
export function workerEndpoint(create: () => Worker): () => RpcEndpoint {
  return () => {
    const worker = create();
    return {
      port: worker as unknown as RpcPort,
      onFailure(callback) {
        worker.onerror = (event) => {
          event.preventDefault();
          callback(new RpcDisconnectedError(`The background worker failed: ${event.message || 'it stopped unexpectedly'}.`));
        };
        worker.onmessageerror = () => callback(new RpcDisconnectedError('The background worker sent a message that could not be read.'));
      },
      terminate: () => worker.terminate(),
    };
  };
}

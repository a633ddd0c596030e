/** The worker side of an RPC: dispatches each request to its handler and answers by request id. */
import { RPC_VERSION, serializeError, type RpcApi, type RpcPort, type RpcRequest, type RpcResponse } from './protocol';
import { unwrapTransfer, type Transferring } from './transfer';

/** One async function per method of `A`; a handler may return `transferring(result, buffers)`. */
export type RpcHandlers<A extends RpcApi> = {
  [M in keyof A]: (params: A[M]['params']) => Promise<A[M]['result'] | Transferring<A[M]['result']>>;
};

/** Answers requests arriving on `port` with `handlers` until the port goes away. */
export function serveRpc<A extends RpcApi>(port: RpcPort, handlers: RpcHandlers<A>): void {
  port.onmessage = (event) => {
    void answer(port, handlers, event.data as RpcRequest<A>);
  };
}

async function answer<A extends RpcApi>(port: RpcPort, handlers: RpcHandlers<A>, request: RpcRequest<A>) {
  const id = request?.id ?? -1;
  try {
    if (request?.v !== RPC_VERSION) {
      throw new Error(`Protocol version ${String(request?.v)} is not ${RPC_VERSION}; reload the page.`);
    }
    const handler = handlers[request.method];
    if (typeof handler !== 'function') throw new Error(`Unknown method "${String(request.method)}".`);
    const { value, transfer } = unwrapTransfer(await handler(request.params));
    const response: RpcResponse = { v: RPC_VERSION, id, ok: true, result: value };
    port.postMessage(response, transfer);
  } catch (error) {
    const response: RpcResponse = { v: RPC_VERSION, id, ok: false, error: serializeError(error) };
    port.postMessage(response, []);
  }
}

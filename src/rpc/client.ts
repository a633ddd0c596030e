/**
 * The calling side of an RPC. It does not know its transport: it asks a `connect` function for an
 * endpoint (a Worker in the app, an in-memory port in tests). When the endpoint fails, every pending
 * call is rejected, the endpoint is dropped and the next call connects afresh.
 */
import {
  RPC_VERSION,
  deserializeError,
  type ErrorTypes,
  type RpcApi,
  type RpcPort,
  type RpcRequest,
  type RpcResponse,
} from './protocol';

/** A live connection: a port, a way to hear that it died, and a way to end it. */
export interface RpcEndpoint {
  port: RpcPort;
  /** Registers the callback to run once when the other side fails (error event, crash). */
  onFailure(callback: (error: Error) => void): void;
  /** Ends the other side (e.g. `worker.terminate()`). */
  terminate(): void;
}

/** Thrown into pending calls when the other side failed or was stopped. */
export class RpcDisconnectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RpcDisconnectedError';
  }
}

/** Thrown into pending calls cancelled by their caller. */
export class RpcAbortError extends Error {
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Options of one call. */
export interface CallOptions {
  /** Buffers to move to the other side (they become unusable here). */
  transfer?: Transferable[];
  /** Aborting stops the endpoint (the only way to interrupt synchronous work) and rejects the call. */
  signal?: AbortSignal;
}

/** A typed client for API `A`. */
export class RpcClient<A extends RpcApi> {
  private endpoint: RpcEndpoint | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(message: unknown) => void>();
  private nextId = 1;

  constructor(
    private readonly connect: () => RpcEndpoint,
    private readonly errorTypes: ErrorTypes = {},
  ) {}

  /** Calls `method` on the other side. */
  call<M extends keyof A & string>(method: M, params: A[M]['params'], options: CallOptions = {}): Promise<A[M]['result']> {
    const { signal, transfer = [] } = options;
    if (signal?.aborted) return Promise.reject(new RpcAbortError());
    const endpoint = this.ensureEndpoint();
    const id = this.nextId++;
    return new Promise<A[M]['result']>((resolve, reject) => {
      const onAbort = () => {
        this.pending.get(id)?.reject(new RpcAbortError());
        this.pending.delete(id);
        this.fail(new RpcDisconnectedError('The worker was stopped because a call was cancelled.'), endpoint);
      };
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
      this.pending.set(id, { resolve: settle(resolve as (v: unknown) => void), reject: settle(reject) });
      signal?.addEventListener('abort', onAbort, { once: true });
      const request = { v: RPC_VERSION, id, method, params } as RpcRequest<A>;
      try {
        endpoint.port.postMessage(request, transfer);
      } catch (error) {
        this.pending.delete(id);
        settle(reject)(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Hears every message of the other side that is not an answer (e.g. progress events); returns the unsubscribe. */
  onEvent(listener: (message: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of calls still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stops the endpoint and rejects everything pending; the next call reconnects. */
  terminate(reason: Error = new RpcDisconnectedError('The worker was stopped.')): void {
    if (this.endpoint) this.fail(reason, this.endpoint);
  }

  private ensureEndpoint(): RpcEndpoint {
    if (this.endpoint) return this.endpoint;
    const endpoint = this.connect();
    this.endpoint = endpoint;
    endpoint.port.onmessage = (event) => this.receive(event.data as RpcResponse);
    endpoint.onFailure((error) => this.fail(error, endpoint));
    return endpoint;
  }

  private receive(response: RpcResponse): void {
    if (!isResponse(response)) {
      for (const listener of this.listeners) listener(response);
      return;
    }
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (response.v !== RPC_VERSION) {
      pending.reject(new RpcDisconnectedError(`The worker speaks protocol ${String(response.v)}, not ${RPC_VERSION}.`));
    } else if (response.ok) {
      pending.resolve(response.result);
    } else {
      pending.reject(deserializeError(response.error, this.errorTypes));
    }
  }

  private fail(error: Error, endpoint: RpcEndpoint): void {
    if (this.endpoint !== endpoint) return;
    this.endpoint = null;
    endpoint.port.onmessage = null;
    try {
      endpoint.terminate();
    } finally {
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(error);
    }
  }
}

function isResponse(message: unknown): message is RpcResponse {
  return typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number' && 'ok' in message;
}

/**
 * The wire format shared by every worker protocol: a versioned envelope around a discriminated union
 * of requests, and responses that name the request they answer. Modelled on DuckDB-WASM's
 * `worker_request.ts`, but generic over an API description so each worker declares only its methods.
 */
import type { Localized } from '../text/language';

/** Bumped when the envelope changes; both sides refuse messages of another version. */
export const RPC_VERSION = 1;

/** An API: method name -> its parameters and result. */
export type RpcApi = Record<string, { params: unknown; result: unknown }>;

/** One request of `A`, discriminated by `method`. */
export type RpcRequest<A extends RpcApi> = {
  [M in keyof A & string]: { v: typeof RPC_VERSION; id: number; method: M; params: A[M]['params'] };
}[keyof A & string];

/** An error as it crosses `postMessage`. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** The message in every language, for errors that carry one (IngestError's `text`). */
  text?: Localized;
}

/** The answer to request `id`. */
export type RpcResponse =
  | { v: typeof RPC_VERSION; id: number; ok: true; result: unknown }
  | { v: typeof RPC_VERSION; id: number; ok: false; error: SerializedError };

/** The least a transport must offer: a Worker, a MessagePort, or an in-memory fake in tests. */
export interface RpcPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** Turns any thrown value into its wire form. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const text = (error as { text?: unknown }).text;
    return { name: error.name, message: error.message, stack: error.stack, ...(isLocalized(text) ? { text: { ...text } } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/** Constructors used to rebuild errors by name, so `instanceof` keeps working across the boundary. */
export type ErrorTypes = Record<string, new (message: string) => Error>;

/** Rebuilds an error on the receiving side, keeping its name, message and the remote stack. */
export function deserializeError(error: SerializedError, types: ErrorTypes = {}): Error {
  const Type = types[error.name];
  const rebuilt = Type ? new Type(error.message) : new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  if (error.text) Object.assign(rebuilt, { text: error.text });
  return rebuilt;
}

function isLocalized(value: unknown): value is Localized {
  return !!value && typeof value === 'object' && typeof (value as Localized).en === 'string' && typeof (value as Localized)['zh-CN'] === 'string';
}

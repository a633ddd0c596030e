/** Marks a result whose buffers should be transferred (moved), not copied, across `postMessage`. */

const TRANSFER = Symbol('transfer');

/** A value plus the buffers to move with it. */
export interface Transferring<T> {
  [TRANSFER]: true;
  value: T;
  transfer: Transferable[];
}

/** Wraps `value` so the server moves `transfer` instead of copying them. */
export function transferring<T>(value: T, transfer: Transferable[]): Transferring<T> {
  return { [TRANSFER]: true, value, transfer };
}

/** Splits a handler's return into the value and its transfer list. */
export function unwrapTransfer<T>(result: T | Transferring<T>): { value: T; transfer: Transferable[] } {
  if (typeof result === 'object' && result !== null && TRANSFER in result) {
    return { value: result.value, transfer: dedupe(result.transfer) };
  }
  return { value: result as T, transfer: [] };
}

function dedupe(list: Transferable[]): Transferable[] {
  return [...new Set(list)];
}

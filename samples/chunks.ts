/**
 * Columnar chunks of generated rows: plain typed arrays, cheap to build, to format and to transfer
 * from a worker. Text (ids, names, dates) is only produced when a chunk is written out.
 */

/** Purchase lines; ids are numbers (order 1 → `O0000001`, customer 0 = guest). */
export interface LineChunk {
  length: number;
  orderNo: Int32Array;
  customerNo: Int32Array;
  /** Seconds since the calendar start (wall time). */
  seconds: Int32Array;
  product: Int32Array;
  quantity: Int32Array;
  unitPriceCents: Int32Array;
  /** The line's status: 0 completed, 1 returned, 2 cancelled (samples/stream.ts). */
  returned: Uint8Array;
  country: Uint8Array;
}

/** Event types in code order. */
export const EVENT_TYPES = ['view', 'cart', 'purchase'] as const;

/** Behaviour events (view, cart, purchase) grouped in sessions. */
export interface EventChunk {
  length: number;
  seconds: Int32Array;
  /** Index into `EVENT_TYPES`. */
  eventType: Uint8Array;
  product: Int32Array;
  customerNo: Int32Array;
  sessionNo: Int32Array;
  priceCents: Int32Array;
}

/** One step of generation: the lines and (when asked for) events of consecutive visits. */
export interface ShopChunk {
  lines: LineChunk;
  events?: EventChunk;
}

/** Allocates an empty line chunk with room for `capacity` rows. */
export function allocateLines(capacity: number): LineChunk {
  return {
    length: 0, orderNo: new Int32Array(capacity), customerNo: new Int32Array(capacity), seconds: new Int32Array(capacity),
    product: new Int32Array(capacity), quantity: new Int32Array(capacity), unitPriceCents: new Int32Array(capacity),
    returned: new Uint8Array(capacity), country: new Uint8Array(capacity),
  };
}

/** Allocates an empty event chunk with room for `capacity` rows. */
export function allocateEvents(capacity: number): EventChunk {
  return {
    length: 0, seconds: new Int32Array(capacity), eventType: new Uint8Array(capacity), product: new Int32Array(capacity),
    customerNo: new Int32Array(capacity), sessionNo: new Int32Array(capacity), priceCents: new Int32Array(capacity),
  };
}

/** Appends one purchase line. */
export function pushLine(chunk: LineChunk, orderNo: number, customerNo: number, seconds: number, product: number, quantity: number, unitPriceCents: number, returned: number, country: number): void {
  const i = chunk.length++;
  chunk.orderNo[i] = orderNo;
  chunk.customerNo[i] = customerNo;
  chunk.seconds[i] = seconds;
  chunk.product[i] = product;
  chunk.quantity[i] = quantity;
  chunk.unitPriceCents[i] = unitPriceCents;
  chunk.returned[i] = returned;
  chunk.country[i] = country;
}

/** Appends a copy of line `from` (an exact duplicate, as exports sometimes contain). */
export function repeatLine(chunk: LineChunk, from: number): void {
  pushLine(chunk, chunk.orderNo[from]!, chunk.customerNo[from]!, chunk.seconds[from]!, chunk.product[from]!, chunk.quantity[from]!, chunk.unitPriceCents[from]!, chunk.returned[from]!, chunk.country[from]!);
}

/** Appends one behaviour event. */
export function pushEvent(chunk: EventChunk, seconds: number, eventType: number, product: number, customerNo: number, sessionNo: number, priceCents: number): void {
  const i = chunk.length++;
  chunk.seconds[i] = seconds;
  chunk.eventType[i] = eventType;
  chunk.product[i] = product;
  chunk.customerNo[i] = customerNo;
  chunk.sessionNo[i] = sessionNo;
  chunk.priceCents[i] = priceCents;
}

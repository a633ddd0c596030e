/**
 * Behaviour events of one session: product views (the products of interest and a few others),
 * cart adds, and purchase events at the order time when the session ends in an order. Sessions
 * without an order are browsing that did not convert, so funnels have a true drop-off.
 */
import { pushEvent, type EventChunk } from './chunks';
import type { Random } from './random';

const steps = new Int32Array(64);
const stepProducts = new Int32Array(64);

/** What a session looked at and whether it ended in a purchase. */
export interface Session {
  customerNo: number;
  sessionNo: number;
  /** Seconds since the calendar start at which the session ends (the order time for purchases). */
  endSeconds: number;
  products: Int32Array;
  productCount: number;
  /** Other products only viewed. */
  extras: Int32Array;
  extraCount: number;
  purchased: boolean;
}

/** Appends the events of one session to `out`. */
export function pushSession(out: EventChunk, session: Session, random: Random, priceCents: (product: number) => number): void {
  let n = 0;
  let extra = 0;
  for (let i = 0; i < session.productCount; i++) {
    const product = session.products[i]!;
    if (extra < session.extraCount && random.chance(0.5)) (steps[n] = 0), (stepProducts[n++] = session.extras[extra++]!);
    steps[n] = 0;
    stepProducts[n++] = product;
    if (session.purchased || random.chance(0.15)) (steps[n] = 1), (stepProducts[n++] = product);
  }
  while (extra < session.extraCount) (steps[n] = 0), (stepProducts[n++] = session.extras[extra++]!);
  if (session.purchased) for (let i = 0; i < session.productCount; i++) (steps[n] = 2), (stepProducts[n++] = session.products[i]!);
  const duration = 60 * (2 + random.int(30));
  const start = Math.max(0, session.endSeconds - duration);
  const span = session.endSeconds - start;
  for (let k = 0; k < n; k++) {
    const at = steps[k] === 2 ? session.endSeconds : start + Math.floor((span * k) / n);
    pushEvent(out, at, steps[k]!, stepProducts[k]!, session.customerNo, session.sessionNo, priceCents(stepProducts[k]!));
  }
}

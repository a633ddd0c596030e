/**
 * Planted anomalies (opt-in, `--anomalies`): a few orders and customers made unusual on purpose, and listed, so the
 * risk flags can be scored against a known answer. Planting runs after the simulation on its own random stream, so a
 * shop without anomalies is byte-identical to before and one with them differs only where they were planted.
 *
 * Kinds, each on its own customers (never on a customer's first order, so `first_purchase` in the truth stays valid):
 * - huge_order: one line's quantity multiplied by 100–250;
 * - cancelled_soon: a huge order whose big line is cancelled (status `cancelled`) 3–45 minutes later;
 * - burst: 6–9 one- or two-line orders within about half an hour;
 * - serial_returner: a customer with at least four orders who returns every line after the first order.
 */
import { DAY_SECONDS } from './calendar';
import { Random } from './random';
import { DUPLICATE_LINE, popcount, RETURN_AS_NEGATIVE, type Timeline } from './simulate';

export const ANOMALY_KINDS = ['huge_order', 'cancelled_soon', 'burst', 'serial_returner'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Per-visit codes: 0 = none, else 1 + the index in ANOMALY_KINDS. */
export const HUGE_ORDER = 1;
export const CANCELLED_SOON = 2;
export const BURST = 3;
export const SERIAL_RETURNER = 4;
/** The added orders of a burst (listed as `burst`); their baskets come from the anomalies' own random stream. */
export const BURST_EXTRA = 5;

/** Planted cases per kind: one per this many orders, at least two. */
const ORDERS_PER_ANOMALY = 3000;
const BURST_EXTRA_ORDERS = [5, 8] as const;
const BURST_GAP_SECONDS = [120, 300] as const;

/** Returns the timeline with anomalies planted (burst orders appended as new visits) and `visits.anomaly` set. */
export function plantAnomalies(timeline: Timeline, seed: number): Timeline {
  const random = new Random(seed, 5);
  const { visits } = timeline;
  const perKind = Math.max(2, Math.round(timeline.orders / ORDERS_PER_ANOMALY));
  const firstOrder = new Int32Array(timeline.customers.count).fill(-1);
  const orderCount = new Int32Array(timeline.customers.count);
  const orderVisits: number[] = [];
  for (let i = 0; i < visits.count; i++) {
    const c = visits.customer[i]!;
    if (c < 0 || visits.lineCount[i] === 0) continue;
    if (firstOrder[c] === -1) firstOrder[c] = i;
    else orderVisits.push(i);
    orderCount[c]!++;
  }
  const used = new Set<number>();
  const pick = (candidates: number[], customerOf: (x: number) => number): number[] => {
    const chosen: number[] = [];
    for (let tries = 0; chosen.length < perKind && tries < candidates.length * 4; tries++) {
      const x = candidates[random.int(candidates.length)]!;
      const c = customerOf(x);
      if (used.has(c)) continue;
      used.add(c);
      chosen.push(x);
    }
    return chosen;
  };
  const customerOfVisit = (i: number) => visits.customer[i]!;
  const anomaly = new Uint8Array(visits.count);
  const flags = visits.flags.slice();
  const second = visits.second.slice();
  let lines = timeline.lines;
  let orders = timeline.orders;

  // The huge line is the order's first: never one already marked returned, or it would not be a purchase at all.
  const keptFirstLine = orderVisits.filter((i) => (visits.flags[i]! & 1) === 0);
  for (const i of pick(keptFirstLine, customerOfVisit)) anomaly[i] = HUGE_ORDER;
  for (const i of pick(keptFirstLine, customerOfVisit)) {
    anomaly[i] = CANCELLED_SOON;
    lines++;
  }
  const frequent = Array.from({ length: timeline.customers.count }, (_, c) => c).filter((c) => orderCount[c]! >= 4);
  const returners = new Set(pick(frequent, (x) => x));
  for (let i = 0; i < visits.count; i++) {
    const c = visits.customer[i]!;
    if (!returners.has(c) || visits.lineCount[i] === 0 || i === firstOrder[c]) continue;
    const old = flags[i]!;
    if (old & RETURN_AS_NEGATIVE) lines -= popcount(old);
    flags[i] = (old & DUPLICATE_LINE) | ((1 << visits.lineCount[i]!) - 1);
    anomaly[i] = SERIAL_RETURNER;
  }
  const burst = { day: [] as number[], second: [] as number[], customer: [] as number[], lineCount: [] as number[] };
  // A burst moves its order earlier in the day: never onto the first order's day, which must stay the first.
  const laterDays = orderVisits.filter((i) => visits.day[i] !== visits.day[firstOrder[visits.customer[i]!]!]);
  for (const i of pick(laterDays, customerOfVisit)) {
    const extra = BURST_EXTRA_ORDERS[0] + random.int(BURST_EXTRA_ORDERS[1] - BURST_EXTRA_ORDERS[0] + 1);
    const gap = BURST_GAP_SECONDS[0] + random.int(BURST_GAP_SECONDS[1] - BURST_GAP_SECONDS[0]);
    const start = Math.min(second[i]!, DAY_SECONDS - 1 - extra * gap);
    second[i] = start;
    anomaly[i] = BURST;
    for (let k = 1; k <= extra; k++) {
      const lineCount = 1 + random.int(2);
      burst.day.push(visits.day[i]!);
      burst.second.push(start + k * gap);
      burst.customer.push(visits.customer[i]!);
      burst.lineCount.push(lineCount);
      lines += lineCount;
      orders++;
    }
  }

  const added = burst.day.length;
  const grow = <T extends Int32Array | Uint8Array>(base: T, extra: number[], make: (n: number) => T): T => {
    const out = make(base.length + extra.length);
    out.set(base);
    out.set(extra, base.length);
    return out;
  };
  return {
    ...timeline,
    visits: {
      count: visits.count + added,
      day: grow(visits.day, burst.day, (n) => new Int32Array(n)),
      second: grow(second, burst.second, (n) => new Int32Array(n)),
      customer: grow(visits.customer, burst.customer, (n) => new Int32Array(n)),
      lineCount: grow(visits.lineCount, burst.lineCount, (n) => new Uint8Array(n)),
      flags: grow(flags, new Array<number>(added).fill(0), (n) => new Uint8Array(n)),
      anomaly: grow(anomaly, new Array<number>(added).fill(BURST_EXTRA), (n) => new Uint8Array(n)),
    },
    lines,
    orders,
  };
}

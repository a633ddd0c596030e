/**
 * Phase one of the shop: who arrives when, how often each customer buys and when they drop out.
 * Customers are drawn independently (arrival day from seasonality × growth, latent segment, gamma
 * purchase rate, beta dropout probability) until their orders hold the wanted number of lines, so
 * the line count is hit within one customer. Only typed arrays are kept: the visits (orders and,
 * with events, browsing sessions) are later sorted by time and turned into lines.
 */
import { nextPurchaseDay, sampleArrivalDay, sampleSecondOfDay, type Calendar } from './calendar';
import { COUNTRY_CUMULATIVE } from './countries';
import { float64Column, int32Column, uint8Column } from './growable';
import { cumulate, Random } from './random';
import { SEGMENTS } from './segments';

/** Bits 0–4 of a visit's flags: which of its lines are returned. */
export const RETURN_MASK = 0b11111;
/** Flag bit: returned lines appear as extra negative-quantity lines instead of a status. */
export const RETURN_AS_NEGATIVE = 1 << 5;
/** Flag bit: the order's last line is exported twice. */
export const DUPLICATE_LINE = 1 << 6;

const RETURN_PER_LINE = 0.032;
const NEGATIVE_RETURN_SHARE = 0.3;
const DUPLICATE_PER_ORDER = 0.004;
const GUESTS_PER_CUSTOMER = 0.06;
const BROWSE_SESSIONS_PER_ORDER = 1.6;
const SEGMENT_CUMULATIVE = cumulate(SEGMENTS.map((s) => s.share));

/** Per-customer hidden truth and traits, indexed by simulation order. */
export interface Customers {
  count: number;
  segment: Uint8Array;
  ratePerYear: Float64Array;
  pDropout: Float64Array;
  firstDay: Int32Array;
  firstSecond: Int32Array;
  /** Day the customer dropped out, or -1 when still alive at the end of the data. */
  dropoutDay: Int32Array;
  favouriteCategory: Uint8Array;
  secondCategory: Uint8Array;
  country: Uint8Array;
}

/** All visits (orders and browsing sessions) in simulation order. */
export interface Visits {
  count: number;
  day: Int32Array;
  second: Int32Array;
  /** Customer index, or -1 for a guest order. */
  customer: Int32Array;
  /** Product lines of the order (1–5), 0 for a browsing session without purchase. */
  lineCount: Uint8Array;
  flags: Uint8Array;
  /** Planted anomaly per visit (samples/anomalies.ts), when anomalies were asked for. */
  anomaly?: Uint8Array;
}

/** The simulated timeline. */
export interface Timeline {
  customers: Customers;
  visits: Visits;
  orders: number;
  lines: number;
}

/** Simulates customers until their orders reach `targetLines` lines. */
export function simulateTimeline(calendar: Calendar, targetLines: number, seed: number, withEvents: boolean, categories: number): Timeline {
  const random = new Random(seed, 1);
  const browsing = new Random(seed, 3);
  const c = {
    segment: uint8Column(), rate: float64Column(), p: float64Column(), firstDay: int32Column(), firstSecond: int32Column(),
    dropoutDay: int32Column(), fav: uint8Column(), second: uint8Column(), country: uint8Column(),
  };
  const v = { day: int32Column(), second: int32Column(), customer: int32Column(), lineCount: uint8Column(), flags: uint8Column() };
  let lines = 0;
  let orders = 0;
  const pushVisit = (day: number, second: number, customer: number, lineCount: number, flags: number) => {
    v.day.push(day);
    v.second.push(second);
    v.customer.push(customer);
    v.lineCount.push(lineCount);
    v.flags.push(flags);
  };

  const addOrder = (customer: number, day: number, second: number, linesMean: number, mayReturn: boolean) => {
    const count = 1 + Math.min(4, random.poisson(linesMean - 1));
    let flags = 0;
    if (mayReturn) for (let i = 0; i < count; i++) if (random.chance(RETURN_PER_LINE)) flags |= 1 << i;
    const returned = popcount(flags);
    if (returned > 0 && random.chance(NEGATIVE_RETURN_SHARE)) flags |= RETURN_AS_NEGATIVE;
    if (random.chance(DUPLICATE_PER_ORDER)) flags |= DUPLICATE_LINE;
    pushVisit(day, second, customer, count, flags);
    lines += count + (flags & RETURN_AS_NEGATIVE ? returned : 0) + (flags & DUPLICATE_LINE ? 1 : 0);
    orders++;
    if (withEvents && customer >= 0) {
      for (let k = browsing.poisson(BROWSE_SESSIONS_PER_ORDER); k > 0; k--) {
        pushVisit(Math.max(0, day - browsing.int(21)), sampleSecondOfDay(browsing), customer, 0, 0);
      }
    }
  };

  let customer = 0;
  for (; lines < targetLines; customer++) {
    const segmentIndex = random.pickCumulative(SEGMENT_CUMULATIVE);
    const segment = SEGMENTS[segmentIndex]!;
    const ratePerYear = random.gamma(segment.rateShape, segment.rateMean / segment.rateShape);
    const ratePerDay = ratePerYear / 365.25;
    const p = random.beta(segment.dropoutA, segment.dropoutB);
    let day = sampleArrivalDay(calendar, random);
    const firstSecond = sampleSecondOfDay(random);
    const favourite = random.int(categories);
    c.segment.push(segmentIndex);
    c.rate.push(ratePerYear);
    c.p.push(p);
    c.firstDay.push(day);
    c.firstSecond.push(firstSecond);
    c.fav.push(favourite);
    c.second.push((favourite + 1 + random.int(categories - 1)) % categories);
    c.country.push(random.pickCumulative(COUNTRY_CUMULATIVE));
    addOrder(customer, day, firstSecond, segment.linesMean, false);
    let dropoutDay = -1;
    for (;;) {
      const next = nextPurchaseDay(calendar, day + 1, ratePerDay, random);
      if (random.chance(p)) {
        const leaves = day + Math.floor(random.next() * (next - day));
        dropoutDay = leaves < calendar.days ? leaves : -1;
        break;
      }
      if (next >= calendar.days) break;
      day = next;
      addOrder(customer, day, sampleSecondOfDay(random), segment.linesMean, true);
    }
    c.dropoutDay.push(dropoutDay);
    if (random.chance(GUESTS_PER_CUSTOMER)) {
      addOrder(-1, sampleArrivalDay(calendar, random), sampleSecondOfDay(random), SEGMENTS[0]!.linesMean, false);
    }
  }

  return {
    customers: {
      count: customer, segment: c.segment.values(), ratePerYear: c.rate.values(), pDropout: c.p.values(),
      firstDay: c.firstDay.values(), firstSecond: c.firstSecond.values(), dropoutDay: c.dropoutDay.values(),
      favouriteCategory: c.fav.values(), secondCategory: c.second.values(), country: c.country.values(),
    },
    visits: {
      count: v.day.length, day: v.day.values(), second: v.second.values(), customer: v.customer.values(),
      lineCount: v.lineCount.values(), flags: v.flags.values(),
    },
    orders,
    lines,
  };
}

/** Number of set bits among the return-mask bits. */
export function popcount(flags: number): number {
  let n = 0;
  for (let m = flags & RETURN_MASK; m; m &= m - 1) n++;
  return n;
}

/** Visit indices in time order (day, second, then simulation order): a counting sort by day. */
export function sortVisits(visits: Visits, days: number): Uint32Array {
  const start = new Int32Array(days + 1);
  for (let i = 0; i < visits.count; i++) start[visits.day[i]! + 1]!++;
  for (let d = 0; d < days; d++) start[d + 1]! += start[d]!;
  const keys = new Float64Array(visits.count);
  const fill = start.slice(0, days);
  for (let i = 0; i < visits.count; i++) keys[fill[visits.day[i]!]!++] = visits.second[i]! * 4294967296 + i;
  for (let d = 0; d < days; d++) keys.subarray(start[d]!, start[d + 1]!).sort();
  const order = new Uint32Array(visits.count);
  for (let k = 0; k < visits.count; k++) order[k] = keys[k]! % 4294967296;
  return order;
}

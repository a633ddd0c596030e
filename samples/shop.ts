/**
 * The seeded sample shop. `generateShop` simulates the customers' timeline up front (typed arrays
 * only), then `chunks()` streams purchase lines (and behaviour events) in time order, so millions
 * of lines never exist as JS objects at once. Pure TypeScript without Node imports: it runs in a
 * browser worker as well as from the command line. The same options always give the same shop.
 */
import { buildCalendar, DAY_SECONDS, timestampText, type Calendar } from './calendar';
import { ANOMALY_KINDS, BURST_EXTRA, plantAnomalies, SERIAL_RETURNER, type AnomalyKind } from './anomalies';
import { buildCatalog, type Catalog } from './catalog';
import { allocateEvents, allocateLines, type ShopChunk } from './chunks';
import { SEGMENT_NAMES } from './segments';
import { simulateTimeline, sortVisits, type Timeline } from './simulate';
import { MAX_LINES_PER_VISIT, VisitStreamer } from './stream';
import { buildTruthTable, type TruthTable } from './truth';

/** What to generate. */
export interface ShopOptions {
  /** Wanted number of purchase lines (hit within one customer's lines). */
  lines: number;
  seed: number;
  /** Also generate behaviour events (view / cart / purchase sessions). */
  events?: boolean;
  /** First day, `YYYY-MM-DD` (default 2022-01-01). */
  start?: string;
  /** Length in calendar years (default 3). */
  years?: number;
  /** Lines per yielded chunk (default 65,536). */
  chunkLines?: number;
  /** Plant known anomalies (huge and quickly cancelled orders, bursts, serial returners; samples/anomalies.ts). */
  anomalies?: boolean;
}

/** One planted anomaly: an order (or, for a serial returner, a customer with an empty order id). */
export interface PlantedAnomaly {
  kind: AnomalyKind;
  customerId: string;
  orderId: string;
}

/** The hidden truth about one customer. */
export interface CustomerTruth {
  customerId: string;
  segment: string;
  /** `YYYY-MM-DD HH:MM:SS` of the first order. */
  firstPurchase: string;
  /** `YYYY-MM-DD`, or '' when the customer is still alive at the end of the data. */
  dropoutDate: string;
  purchaseRatePerYear: number;
  pDropout: number;
}

/** A generated shop: sizes known up front, rows streamed on demand. */
export interface Shop {
  options: Required<ShopOptions>;
  calendar: Calendar;
  catalog: Catalog;
  customers: number;
  orders: number;
  lines: number;
  /** `YYYY-MM-DD` of the first and last order. */
  firstDate: string;
  lastDate: string;
  /** Streams lines (and events) in time order; every call restarts from the beginning. */
  chunks(): Generator<ShopChunk>;
  /** The hidden truth as columns in customer-id order. */
  truthTable: TruthTable;
  /** The hidden truth, one row per customer in customer-id order. */
  truth(): Generator<CustomerTruth>;
  /** The planted anomalies in order-number order (none unless asked for). */
  anomalies(): PlantedAnomaly[];
}

/** `O0001234` for order number 1234. */
export const orderId = (orderNo: number): string => `O${String(orderNo).padStart(7, '0')}`;
/** `C000123` for customer number 123; '' for guests (0). */
export const customerId = (customerNo: number): string => (customerNo > 0 ? `C${String(customerNo).padStart(6, '0')}` : '');
/** `S00012345` for session number 12345. */
export const sessionId = (sessionNo: number): string => `S${String(sessionNo).padStart(8, '0')}`;

/** Generates a believable online shop deterministically from the options. */
export function generateShop(options: ShopOptions): Shop {
  const opts: Required<ShopOptions> = { events: false, start: '2022-01-01', years: 3, chunkLines: 65_536, anomalies: false, ...options };
  if (!(opts.lines >= 1)) throw new Error(`Ask for at least one line (got ${opts.lines}).`);
  const calendar = buildCalendar(opts.start, opts.years);
  const catalog = buildCatalog(opts.seed);
  const simulated = simulateTimeline(calendar, opts.lines, opts.seed, opts.events, catalog.categories.length);
  const timeline = opts.anomalies ? plantAnomalies(simulated, opts.seed) : simulated;
  const order = sortVisits(timeline.visits, calendar.days);
  const customerNo = numberCustomers(timeline, order);
  const orderDays = orderDayRange(timeline, order);
  const truthTable = buildTruthTable(timeline, customerNo, DAY_SECONDS);
  return {
    options: opts,
    calendar,
    catalog,
    customers: timeline.customers.count,
    orders: timeline.orders,
    lines: timeline.lines,
    firstDate: calendar.dateText[orderDays[0]]!,
    lastDate: calendar.dateText[orderDays[1]]!,
    chunks: () => streamChunks(opts, calendar, catalog, timeline, order, customerNo),
    truthTable,
    truth: () => truthRows(calendar, truthTable),
    anomalies: () => plantedAnomalies(timeline, order, customerNo),
  };
}

/** Walks the visits in export order (the order numbers' order) and lists the planted ones; serial returners once. */
function plantedAnomalies(timeline: Timeline, order: Uint32Array, customerNo: Int32Array): PlantedAnomaly[] {
  const { visits } = timeline;
  if (!visits.anomaly) return [];
  const out: PlantedAnomaly[] = [];
  const returners = new Set<number>();
  let orderNo = 0;
  for (const i of order) {
    if (visits.lineCount[i] === 0) continue;
    orderNo++;
    const code = visits.anomaly[i]!;
    if (code === 0) continue;
    const who = customerId(customerNo[visits.customer[i]!]!);
    if (code === SERIAL_RETURNER) {
      if (!returners.has(visits.customer[i]!)) out.push({ kind: 'serial_returner', customerId: who, orderId: '' });
      returners.add(visits.customer[i]!);
    } else out.push({ kind: code === BURST_EXTRA ? 'burst' : ANOMALY_KINDS[code - 1]!, customerId: who, orderId: orderId(orderNo) });
  }
  return out;
}

function numberCustomers(timeline: Timeline, order: Uint32Array): Int32Array {
  const { visits } = timeline;
  const numbers = new Int32Array(timeline.customers.count);
  let next = 0;
  for (const i of order) {
    const c = visits.customer[i]!;
    if (c >= 0 && visits.lineCount[i]! > 0 && numbers[c] === 0) numbers[c] = ++next;
  }
  return numbers;
}

function orderDayRange(timeline: Timeline, order: Uint32Array): [number, number] {
  const { visits } = timeline;
  let first = -1;
  let last = 0;
  for (const i of order) {
    if (visits.lineCount[i] === 0) continue;
    if (first < 0) first = visits.day[i]!;
    last = visits.day[i]!;
  }
  return [Math.max(0, first), last];
}

function* streamChunks(opts: Required<ShopOptions>, calendar: Calendar, catalog: Catalog, timeline: Timeline, order: Uint32Array, customerNo: Int32Array): Generator<ShopChunk> {
  const streamer = new VisitStreamer(opts.seed, calendar, catalog, timeline, order, customerNo);
  const capacity = opts.chunkLines + MAX_LINES_PER_VISIT;
  while (!streamer.done) {
    const lines = allocateLines(capacity);
    const events = opts.events ? allocateEvents(capacity * 4) : undefined;
    streamer.fill(lines, events);
    yield events ? { lines, events } : { lines };
  }
}

function* truthRows(calendar: Calendar, table: TruthTable): Generator<CustomerTruth> {
  for (let i = 0; i < table.count; i++) {
    const dropout = table.dropoutDay[i]!;
    yield {
      customerId: customerId(i + 1),
      segment: SEGMENT_NAMES[table.segment[i]!]!,
      firstPurchase: timestampText(calendar, table.firstSeconds[i]!),
      dropoutDate: dropout >= 0 ? calendar.dateText[dropout]! : '',
      purchaseRatePerYear: table.purchaseRatePerYear[i]!,
      pDropout: table.pDropout[i]!,
    };
  }
}

/**
 * Phase two of the shop: walks the time-sorted visits and turns each into purchase lines (basket,
 * quantities, prices, returns, duplicates) and, when asked, session events. The hot loop lives in a
 * plain method (not a generator) and fills caller-owned chunks until they are full.
 */
import { chooseBasket, chooseQuantity, unitPriceCents, yearlyPriceList, type Shopper } from './baskets';
import { DAY_SECONDS, type Calendar } from './calendar';
import type { Catalog } from './catalog';
import { pushLine, repeatLine, type EventChunk, type LineChunk } from './chunks';
import { COUNTRY_CUMULATIVE } from './countries';
import { pushSession } from './events';
import { Random } from './random';
import { BURST_EXTRA, CANCELLED_SOON, HUGE_ORDER } from './anomalies';
import { DUPLICATE_LINE, RETURN_AS_NEGATIVE, type Timeline } from './simulate';

const RETURN_DELAY_DAYS = 21;
/** Most lines one visit can add: 5 products, 5 negative returns, 1 duplicate, 1 planted cancellation. */
export const MAX_LINES_PER_VISIT = 12;
/** Line status codes (LineChunk.returned). */
export const COMPLETED = 0;
export const RETURNED = 1;
export const CANCELLED = 2;
/** Most events one visit can add. */
export const MAX_EVENTS_PER_VISIT = 32;

/** Turns visits into rows, resuming where the previous `fill` stopped. */
export class VisitStreamer {
  private next = 0;
  private orderNo = 0;
  private sessionNo = 0;
  private readonly random: Random;
  private readonly eventRandom: Random;
  /** Sizes and delays of planted anomalies: its own stream, so the ordinary lines stay as they were. */
  private readonly anomalyRandom: Random;
  private readonly basket = new Int32Array(5);
  private readonly extras = new Int32Array(5);
  private readonly shopper: Shopper = { segment: 0, favouriteCategory: 0, secondCategory: 0 };
  private readonly prices: Int32Array;
  private day = 0;
  private readonly price = (product: number): number =>
    unitPriceCents(this.prices, this.catalog.productId.length, product, this.day, this.calendar.saleDay[this.day] === 1);

  constructor(
    seed: number,
    private readonly calendar: Calendar,
    private readonly catalog: Catalog,
    private readonly timeline: Timeline,
    private readonly order: Uint32Array,
    private readonly customerNo: Int32Array,
  ) {
    this.random = new Random(seed, 2);
    this.eventRandom = new Random(seed, 4);
    this.anomalyRandom = new Random(seed, 6);
    this.prices = yearlyPriceList(catalog, Math.ceil(calendar.days / 365.25));
  }

  /** True when every visit has been turned into rows. */
  get done(): boolean {
    return this.next >= this.order.length;
  }

  /** Appends visits to the chunks until one lacks room for another visit or all visits are done. */
  fill(lines: LineChunk, events: EventChunk | undefined): void {
    const lineLimit = lines.orderNo.length - MAX_LINES_PER_VISIT;
    const eventLimit = events ? events.seconds.length - MAX_EVENTS_PER_VISIT : 0;
    while (this.next < this.order.length && lines.length <= lineLimit && (!events || events.length <= eventLimit)) {
      this.visit(this.order[this.next++]!, lines, events);
    }
  }

  private visit(i: number, lines: LineChunk, events: EventChunk | undefined): void {
    const { visits, customers } = this.timeline;
    const { shopper, basket, catalog } = this;
    const c = visits.customer[i]!;
    const count = visits.lineCount[i]!;
    const flags = visits.flags[i]!;
    const anomaly = visits.anomaly?.[i] ?? 0;
    // Orders added by planting draw from their own stream, so every other order stays as it was.
    const random = anomaly === BURST_EXTRA ? this.anomalyRandom : this.random;
    this.day = visits.day[i]!;
    const seconds = this.day * DAY_SECONDS + visits.second[i]!;
    let country: number;
    if (c >= 0) {
      shopper.segment = customers.segment[c]!;
      shopper.favouriteCategory = customers.favouriteCategory[c]!;
      shopper.secondCategory = customers.secondCategory[c]!;
      country = customers.country[c]!;
    } else {
      shopper.segment = 0;
      shopper.favouriteCategory = random.int(catalog.categories.length);
      shopper.secondCategory = random.int(catalog.categories.length);
      country = random.pickCumulative(COUNTRY_CUMULATIVE);
    }
    if (count > 0) {
      const orderNo = ++this.orderNo;
      chooseBasket(catalog, shopper, count, random, basket);
      const who = c >= 0 ? this.customerNo[c]! : 0;
      const lastSecond = this.calendar.days * DAY_SECONDS - 1;
      for (let j = 0; j < count; j++) {
        const product = basket[j]!;
        const unit = this.price(product);
        const huge = j === 0 && (anomaly === HUGE_ORDER || anomaly === CANCELLED_SOON);
        const quantity = chooseQuantity(unit, shopper.segment, random) * (huge ? 100 + this.anomalyRandom.int(151) : 1);
        const returned = (flags >> j) & 1;
        const asNegative = returned === 1 && (flags & RETURN_AS_NEGATIVE) !== 0;
        pushLine(lines, orderNo, who, seconds, product, quantity, unit, asNegative ? COMPLETED : returned, country);
        if (huge && anomaly === CANCELLED_SOON) {
          pushLine(lines, orderNo, who, seconds + 60 * (3 + this.anomalyRandom.int(43)), product, quantity, unit, CANCELLED, country);
        }
        if (asNegative) {
          const later = Math.min(lastSecond, seconds + (2 + random.int(RETURN_DELAY_DAYS)) * DAY_SECONDS);
          pushLine(lines, orderNo, who, later, product, -quantity, unit, RETURNED, country);
        }
      }
      if (flags & DUPLICATE_LINE) repeatLine(lines, lines.length - 1);
    }
    if (events && c >= 0) this.session(events, c, count, seconds);
  }

  private session(events: EventChunk, c: number, count: number, seconds: number): void {
    const { eventRandom, shopper, catalog, extras } = this;
    const productCount = count > 0 ? count : 1 + eventRandom.int(4);
    if (count === 0) chooseBasket(catalog, shopper, productCount, eventRandom, extras);
    const extraCount = count > 0 ? eventRandom.int(5) : 0;
    if (extraCount > 0) chooseBasket(catalog, shopper, extraCount, eventRandom, extras);
    pushSession(events, {
      customerNo: this.customerNo[c]!, sessionNo: ++this.sessionNo, endSeconds: seconds,
      products: count > 0 ? this.basket : extras, productCount, extras, extraCount, purchased: count > 0,
    }, eventRandom, this.price);
  }
}

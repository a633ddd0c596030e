/**
 * CSV bytes for the sample shop: the invoice-line orders export, the behaviour event log and the
 * hidden truth. Every piece of text (product, category, country, day) is encoded once; rows are
 * written straight into a byte buffer because this is the hot loop of writing millions of lines.
 */
import { ByteWriter, utf8 } from './bytes';
import { DAY_SECONDS, type Calendar } from './calendar';
import { EVENT_TYPES, type EventChunk, type LineChunk } from './chunks';
import { COUNTRIES } from './countries';
import { SEGMENT_NAMES } from './segments';
import type { Shop } from './shop';

/** Header of the orders export. */
export const LINES_HEADER = 'order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,status,country';
/** Header of the event log. */
export const EVENTS_HEADER = 'event_time,event_type,product_id,category,price,customer_id,session_id';
/** Line statuses by code (LineChunk.returned). */
export const LINE_STATUSES = ['completed', 'returned', 'cancelled'] as const;
/** Header of the planted-anomalies file. */
export const ANOMALIES_HEADER = 'kind,customer_id,order_id';
/** Header of the hidden-truth file. */
export const TRUTH_HEADER = 'customer_id,segment,first_purchase,dropout_date,purchase_rate_per_year,p_dropout';

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;

/** Quotes a CSV field when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const encodeAll = (texts: readonly string[], suffix = '', prefix = ''): Uint8Array[] => texts.map((t) => utf8(prefix + csvField(t) + suffix));

/**
 * Turns a shop's chunks into CSV bytes (rows only, each ending in a newline; headers are separate).
 * The returned bytes are a view into a reused buffer, valid until the next call: write or copy them.
 */
export class ShopCsv {
  private readonly out = new ByteWriter();
  private readonly calendar: Calendar;
  private readonly productText: Uint8Array[];
  private readonly eventProductText: Uint8Array[];
  private readonly countryText = encodeAll(COUNTRIES);
  private readonly statusText = encodeAll(LINE_STATUSES, ',', ',');
  private readonly eventTypeText = encodeAll(EVENT_TYPES, ',', ',');
  private readonly dateText: Uint8Array[];
  private readonly segmentText = encodeAll(SEGMENT_NAMES, ',', ',');

  constructor(private readonly shop: Shop) {
    const { catalog } = shop;
    this.calendar = shop.calendar;
    const categoryOf = (i: number) => csvField(catalog.categories[catalog.category[i]!]!);
    this.productText = catalog.productId.map((id, i) => utf8(`,${csvField(id)},${csvField(catalog.productName[i]!)},${categoryOf(i)},`));
    this.eventProductText = catalog.productId.map((id, i) => utf8(`${csvField(id)},${categoryOf(i)},`));
    this.dateText = shop.calendar.dateText.map((d) => utf8(d));
  }

  /** Rows of the orders export for one chunk; lines of one order share their id/customer/date prefix. */
  lines(chunk: LineChunk): Uint8Array {
    const out = this.out;
    let prefixStart = 0;
    let prefixEnd = -1;
    for (let i = 0; i < chunk.length; i++) {
      if (prefixEnd >= 0 && chunk.orderNo[i] === chunk.orderNo[i - 1] && chunk.seconds[i] === chunk.seconds[i - 1]) {
        const start = out.length;
        out.repeat(prefixStart, prefixEnd);
        prefixStart = start;
        prefixEnd = out.length;
      } else {
        prefixStart = out.length;
        out.byte(0x4f);
        out.padded(chunk.orderNo[i]!, 7);
        out.byte(COMMA);
        this.customer(chunk.customerNo[i]!);
        out.byte(COMMA);
        this.timestamp(chunk.seconds[i]!);
        prefixEnd = out.length;
      }
      out.bytes(this.productText[chunk.product[i]!]!);
      out.int(chunk.quantity[i]!);
      out.byte(COMMA);
      out.money(chunk.unitPriceCents[i]!);
      out.bytes(this.statusText[chunk.returned[i]!]!);
      out.bytes(this.countryText[chunk.country[i]!]!);
      out.byte(NEWLINE);
    }
    return out.flush();
  }

  /** Rows of the event log for one chunk. */
  events(chunk: EventChunk): Uint8Array {
    const out = this.out;
    for (let i = 0; i < chunk.length; i++) {
      this.timestamp(chunk.seconds[i]!);
      out.bytes(this.eventTypeText[chunk.eventType[i]!]!);
      out.bytes(this.eventProductText[chunk.product[i]!]!);
      out.money(chunk.priceCents[i]!);
      out.byte(COMMA);
      this.customer(chunk.customerNo[i]!);
      out.byte(COMMA);
      out.byte(0x53);
      out.padded(chunk.sessionNo[i]!, 8);
      out.byte(NEWLINE);
    }
    return out.flush();
  }

  /** Rows of the hidden-truth file, in pieces of about `rowsPerPiece` rows (each piece valid until the next). */
  *truth(rowsPerPiece = 65_536): Generator<Uint8Array> {
    const out = this.out;
    const table = this.shop.truthTable;
    for (let i = 0; i < table.count; i++) {
      this.customer(i + 1);
      out.bytes(this.segmentText[table.segment[i]!]!);
      this.timestamp(table.firstSeconds[i]!);
      out.byte(COMMA);
      if (table.dropoutDay[i]! >= 0) out.bytes(this.dateText[table.dropoutDay[i]!]!);
      out.byte(COMMA);
      out.fixed(table.purchaseRatePerYear[i]!, 3);
      out.byte(COMMA);
      out.fixed(table.pDropout[i]!, 4);
      out.byte(NEWLINE);
      if ((i + 1) % rowsPerPiece === 0) yield out.flush();
    }
    if (out.length > 0) yield out.flush();
  }

  private customer(customerNo: number): void {
    if (customerNo <= 0) return;
    this.out.byte(0x43);
    this.out.padded(customerNo, 6);
  }

  private timestamp(seconds: number): void {
    const out = this.out;
    const day = Math.min(this.calendar.days - 1, Math.max(0, Math.floor(seconds / DAY_SECONDS)));
    const second = Math.min(DAY_SECONDS - 1, Math.max(0, seconds - day * DAY_SECONDS));
    out.bytes(this.dateText[day]!);
    out.byte(SPACE);
    out.padded(Math.floor(second / 3600), 2);
    out.byte(COLON);
    out.padded(Math.floor(second / 60) % 60, 2);
    out.byte(COLON);
    out.padded(second % 60, 2);
  }
}

/** Shared vocabulary of the ingest pipeline: sniff -> decode -> raw table -> roles -> canonical views. */
import type { Localized } from '../text/language';

/** Roles a source column can play (DESIGN.md section 3). */
export const ROLES = [
  'customer_id',
  'order_id',
  'timestamp',
  'amount',
  'quantity',
  'unit_price',
  'product_id',
  'product_name',
  'category',
  'event_type',
  'status',
  'session_id',
  'country',
  'refund',
  'currency',
] as const;
export type Role = (typeof ROLES)[number];

/** role -> source column name (as it appears in the raw table). */
export type RoleMap = Partial<Record<Role, string>>;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252';

export type SourceFormat = 'csv' | 'whitespace' | 'parquet' | 'json' | 'ndjson' | 'arrow' | 'xlsx';

/** What the first bytes of a file say about it. */
export interface Sniffed {
  format: SourceFormat;
  /** For text formats. */
  encoding: TextEncoding | null;
  hasBom: boolean;
  /** Single-character delimiter for `csv`; null for other formats (`whitespace` means runs of blanks). */
  delimiter: string | null;
  hasHeader: boolean;
  warnings: Localized[];
  /**
   * `normalise`: scan the whole file's line endings and copy it with one kind when it mixes them
   * (line-endings.ts). Off at first, as it costs a full read: the load asks for it only when DuckDB
   * stumbles on the file as it is.
   */
  lineEndings?: 'as-is' | 'normalise';
}

/** A source turned into something DuckDB reads directly. */
export type Decoded =
  /** UTF-8 delimited text; `bytes` is null when the original file can be read as it is (no copy). */
  | {
      kind: 'csv';
      bytes: Uint8Array | null;
      delimiter: string;
      hasHeader: boolean;
      /** Column names (from the header, or `column1…`), handed to DuckDB so it need not sniff. */
      columns: string[];
      warnings?: Localized[];
      /** Set when mixed or stray line endings were normalised in `bytes` (line-endings.ts). */
      lineEndings?: import('./line-endings').LineEndings;
    }
  /** Any other format, as an Arrow IPC stream. */
  | { kind: 'arrow'; ipc: Uint8Array; warnings?: Localized[] };

/** How the timestamp column's text or numbers become TIMESTAMPs. */
export type TimestampSpec =
  | { kind: 'native' }
  /** `iso`: the column also holds some year-first values (`2011-02-20`), read by DuckDB's cast. */
  | { kind: 'strptime'; formats: string[]; label: string; stripZone: boolean; iso?: boolean }
  | { kind: 'epoch_s' }
  | { kind: 'epoch_ms' }
  | { kind: 'yyyymmdd' };

/**
 * One raw column as seen by role detection. Counts, shares and examples describe the first
 * 20,000 rows (profile.ts), which keeps profiling fast on a million rows.
 */
export interface ColumnProfile {
  name: string;
  /** 0-based position in the raw table. */
  index: number;
  /** DuckDB type of the raw column. */
  type: string;
  nonNull: number;
  /** Share of the sampled rows with a value (not empty, not a missing-value word). */
  filledShare: number;
  distinct: number;
  /** Share of non-null values that parse as numbers. */
  numericShare: number;
  /** Share of non-null values that look like dates or timestamps. */
  dateShare: number;
  /** Share of non-null values written as whole numbers (`12`, `17850.0`; not money like `4.00`). */
  integerShare: number;
  /** Share of non-null values that look like e-mail addresses. */
  emailShare: number;
  /** Share of numeric values above zero, and equal to zero. */
  positiveShare: number;
  zeroShare: number;
  /** Share of non-null values that are whole numbers from 1 to 999 (what quantities look like). */
  smallCountShare: number;
  /** Share of numeric values written with three or more decimals (coordinates, rates, scores — not money). */
  preciseShare: number;
  /** Share of non-null values that are JSON objects or arrays (`{…}`, `[…]`). */
  jsonShare: number;
  /** Share of non-null values with a blank inside (names, phrases — not codes). */
  spacedShare: number;
  /** Share of non-null values that repeat in the sampled rows. */
  repeatShare: number;
  /** Share of rows holding the most frequent value. */
  topShare: number;
  /** Mean length of the values, in characters. */
  meanLength: number;
  /** Up to 8 distinct non-null values, as text, most frequent first. */
  examples: string[];
}

/**
 * A functional dependency seen in the sampled rows: every value of `determinant` that repeats comes
 * with one value of `dependent` (an item belongs to one category; an order to one customer).
 */
export interface ColumnDependency {
  determinant: string;
  dependent: string;
}

/** What role detection reads: the columns and how they relate. */
export interface ColumnEvidence {
  profiles: ColumnProfile[];
  dependencies: ColumnDependency[];
  /** Whether the file has a header row (without one, values are the only evidence). */
  hasHeader: boolean;
}

/** A proposed (or chosen) column for one role. */
export interface RoleGuess {
  role: Role;
  column: string | null;
  /** 0..1. */
  confidence: number;
  reason: Localized;
}

/**
 * Something the user must see at the top of the load report. `blocking` problems stop the canonical
 * tables from being built (no timestamp); the others describe data left out or analyses turned off.
 */
export interface LoadProblem {
  code: ProblemCode;
  message: Localized;
  blocking: boolean;
  /** Rows concerned, when the problem is about rows. */
  rows?: number;
  examples?: string[];
  /** Date readings the user can pick instead (for unreadable dates). */
  dateChoices?: DateChoice[];
}

export type ProblemCode =
  | 'no_customer_column'
  | 'no_timestamp_column'
  | 'unreadable_timestamp'
  | 'rows_left_out'
  | 'no_purchases'
  | 'stray_carriage_return';

/** A way to read the dates the user can choose in the mapping form or with `--date-format`. */
export type DateChoice = 'auto' | 'day-first' | 'month-first' | 'year-first';

/** A reason some rows did not become purchases, with a few examples. */
export interface RowIssue {
  reason: Localized;
  count: number;
  examples: string[];
}

/** What a load did, shown to the user and printed by the command line. */
/** The currency money is shown in: an ISO 4217 code when known, and the symbol written beside amounts. */
export interface Currency {
  /** ISO 4217 (`EUR`), or null when only an ambiguous symbol is known (`$`, `¥`). */
  code: string | null;
  symbol: string;
}

export interface LoadReport {
  file: string;
  format: SourceFormat;
  encoding: TextEncoding | null;
  delimiter: string | null;
  hasHeader: boolean;
  rowsRead: number;
  rowsRejected: number;
  rejected: RowIssue[];
  duplicatesDropped: number;
  guestRows: number;
  returnsExcluded: number;
  /** Rows whose timestamp or customer could not be used, by reason. */
  excluded: RowIssue[];
  dateFormat: string | null;
  dateRange: { min: string | null; max: string | null };
  customers: number;
  orders: number;
  lines: number;
  revenue: number;
  events: number;
  roles: RoleMap;
  /** Shown at the top of the report (also in the load result). */
  problems: LoadProblem[];
  /** Refund amounts subtracted from revenue, and orders refunded in full (counted as returns). */
  refunds: { amount: number; fullyRefundedOrders: number };
  /** The currency of the amounts, when the file says (a currency column, or symbols or codes in the amounts). */
  currency: Currency | null;
  /** The analyses this data allows: without a customer column, only order-level ones. */
  level: 'customer' | 'order';
  warnings: Localized[];
  timingsMs: Record<string, number>;
}

/** A file's bytes, wherever they live (a browser File, a path on disk, a buffer). */
export interface ByteSource {
  name: string;
  size: number;
  /** Reads bytes [start, end) (the whole file without arguments). */
  read(start?: number, end?: number): Promise<Uint8Array>;
  /** How DuckDB can read the original bytes without a copy into the JS heap. */
  fileSource(): import('../engine/db').FileSource;
}

/**
 * Reads a per-customer feature table into typed arrays (one row-major Float32Array, NaN for NULL),
 * the shape training and scoring want and the shape that crosses to a worker without copying.
 */
import type { Vector } from 'apache-arrow';
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import type { CategoricalColumn } from '../models/preprocess';
import { utf8Strings } from '../engine/arrow-vectors';
import { nextTurn } from '../models/model';
import { countRows, rowSlices } from '../engine/arrow-tables';

export type { CategoricalColumn };

/** The order of a feature table's rows in every matrix read from it (tables written back join on it). */
export const FEATURE_ROW_ORDER = 'CAST(customer_id AS VARCHAR)';

/** A feature table as arrays, rows in FEATURE_ROW_ORDER. */
export interface FeatureMatrix {
  rows: number;
  /** The customer ids, when asked for. */
  customerIds?: string[];
  x: Float32Array;
  labels?: Uint8Array;
  categorical: CategoricalColumn[];
}

/**
 * Reads `numeric` (as DOUBLE), `text` (as codes), optionally the 0/1 `label` column and the customer
 * ids of `table`. Scoring leaves the ids in DuckDB (decoding 100k+ of them would block the page). The rows are
 * put in order once, in a temporary table, and read a slice per query, each slice's columns a few per turn: one
 * result of 160,000 rows took 50-70 ms of the page's thread to decode and copy.
 */
export async function readFeatureMatrix(
  db: Db,
  table: string,
  numeric: string[],
  text: string[] = [],
  label?: string,
  ids = true,
): Promise<FeatureMatrix> {
  const columns = [
    ...(ids ? ['CAST(customer_id AS VARCHAR) AS customer_id'] : []),
    ...numeric.map((n) => `CAST(${ident(n)} AS DOUBLE) AS ${ident(n)}`),
    ...text.map((n) => `CAST(${ident(n)} AS VARCHAR) AS ${ident(n)}`),
    ...(label ? [`CAST(${ident(label)} AS DOUBLE) AS ${ident(label)}`] : []),
  ];
  const ordered = `cb_matrix_read_${++reads}`;
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(ordered)} AS SELECT ${columns.join(', ')} FROM ${ident(table)} ORDER BY ${FEATURE_ROW_ORDER}`);
  try {
    const rows = await countRows(db, ordered);
    const d = numeric.length;
    const x = new Float32Array(rows * d);
    const labels = label ? new Uint8Array(rows) : undefined;
    const customerIds: string[] = [];
    const encoders = text.map((name) => textEncoder(name, rows));
    const pace = pacer(PAGE_TURN_MS);
    for await (const { part, from } of rowSlices(db, ordered, '*', rows)) {
      for (const [j, name] of numeric.entries()) {
        await pace();
        copyColumnInto(part.getChild(name)!, x, d, j, from);
      }
      for (const encoder of encoders) encoder.add(part.getChild(encoder.column.name)!, from);
      if (labels) doubles(part.getChild(label!)!).forEach((v, i) => (labels[from + i] = v > 0 ? 1 : 0));
      if (ids) for (const id of utf8Strings(part.getChild('customer_id')!)) customerIds.push(String(id));
      await pace();
    }
    return { rows, ...(ids ? { customerIds } : {}), x, labels, categorical: encoders.map((e) => e.column) };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(ordered)}`);
  }
}

/** Reads so far (each read's temporary table has a name of its own). */
let reads = 0;

/** Work per turn of the page's event loop while reading a matrix, in milliseconds. */
const PAGE_TURN_MS = 10;

/** Resolves on the next turn of the event loop once `budgetMs` have passed since the last turn, at once otherwise. */
function pacer(budgetMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}

/**
 * Writes a DOUBLE column into column `j` of the row-major matrix `x` (`d` columns) from row `at`, NaN for NULL,
 * straight from the record batches' buffers: no intermediate arrays, so reading 30 columns of a million rows
 * leaves nothing for the garbage collector (whose major collections otherwise landed in the page's turns).
 */
function copyColumnInto(vector: Vector, x: Float32Array, d: number, j: number, at = 0): void {
  for (const data of vector.data) {
    const values = data.values as Float64Array;
    const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
    for (let i = 0; i < data.length; i++) {
      const bit = data.offset + i;
      const valid = !bitmap || (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0;
      x[(at + i) * d + j] = valid ? values[i]! : NaN; // the values buffer starts at the offset; the bitmap does not
    }
    at += data.length;
  }
}

/** A DOUBLE column as a Float64Array with NaN for NULL (validity read from the bitmaps, not per value). */
function doubles(vector: Vector): Float64Array {
  const out = new Float64Array(vector.length);
  out.set(vector.toArray() as Float64Array);
  if (vector.nullCount === 0) return out;
  let at = 0;
  for (const data of vector.data) {
    const bitmap = data.nullBitmap;
    if (bitmap && data.nullCount > 0) {
      for (let i = 0; i < data.length; i++) {
        const bit = data.offset + i;
        if ((bitmap[bit >> 3]! & (1 << (bit & 7))) === 0) out[at + i] = NaN;
      }
    }
    at += data.length;
  }
  return out;
}

/** A text column's codes (-1 for NULL) and levels in order of first appearance, added a slice of rows at a time. */
function textEncoder(name: string, rows: number): { column: CategoricalColumn; add(vector: Vector, at: number): void } {
  const column: CategoricalColumn = { name, levels: [], codes: new Int32Array(rows) };
  const index = new Map<string, number>();
  return {
    column,
    add(vector, at) {
      for (let i = 0; i < vector.length; i++) {
        const v = vector.get(i) as string | null;
        if (v === null) {
          column.codes[at + i] = -1;
          continue;
        }
        let code = index.get(v);
        if (code === undefined) {
          code = column.levels.length;
          column.levels.push(v);
          index.set(v, code);
        }
        column.codes[at + i] = code;
      }
    },
  };
}

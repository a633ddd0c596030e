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
 * ids of `table`. Scoring leaves the ids in DuckDB (decoding 100k+ of them would block the page).
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
  const result = await db.query(`SELECT ${columns.join(', ')} FROM ${ident(table)} ORDER BY ${FEATURE_ROW_ORDER}`);
  const rows = result.numRows;
  const d = numeric.length;
  const x = new Float32Array(rows * d);
  for (const [j, name] of numeric.entries()) {
    // One column per turn of the event loop: on the page, 100k+ rows stay a series of short tasks.
    if (j > 0) await nextTurn();
    copyColumnInto(result.getChild(name)!, x, d, j);
  }
  const categorical = text.map((name) => encodeText(name, result.getChild(name)!));
  const labels = label ? Uint8Array.from(doubles(result.getChild(label)!), (v) => (v > 0 ? 1 : 0)) : undefined;
  return { rows, ...(ids ? { customerIds: utf8Strings(result.getChild('customer_id')!).map(String) } : {}), x, labels, categorical };
}

/**
 * Writes a DOUBLE column into column `j` of the row-major matrix `x` (`d` columns), NaN for NULL, straight from the
 * record batches' buffers: no intermediate arrays, so reading 30 columns of a million rows leaves nothing for the
 * garbage collector (whose major collections otherwise landed in the page's turns).
 */
function copyColumnInto(vector: Vector, x: Float32Array, d: number, j: number): void {
  let at = 0;
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

function encodeText(name: string, vector: Vector): CategoricalColumn {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as string | null;
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = levels.length;
      levels.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  return { name, levels, codes };
}

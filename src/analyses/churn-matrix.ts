/**
 * Reads a per-customer feature table into typed arrays (one row-major Float32Array, NaN for NULL),
 * the shape training and scoring want and the shape that crosses to a worker without copying.
 */
import type { Vector } from 'apache-arrow';
import type { Db } from '../engine/db';
import { ident } from '../sql/quote';
import type { CategoricalColumn } from '../models/preprocess';
import { utf8Strings } from '../engine/arrow-vectors';

export type { CategoricalColumn };

/** A feature table as arrays, rows in customer-id order. */
export interface FeatureMatrix {
  rows: number;
  customerIds: string[];
  x: Float32Array;
  labels?: Uint8Array;
  categorical: CategoricalColumn[];
}

/** Reads `numeric` (as DOUBLE), `text` (as codes) and optionally the 0/1 `label` column of `table`. */
export async function readFeatureMatrix(
  db: Db,
  table: string,
  numeric: string[],
  text: string[] = [],
  label?: string,
): Promise<FeatureMatrix> {
  const columns = [
    'CAST(customer_id AS VARCHAR) AS customer_id',
    ...numeric.map((n) => `CAST(${ident(n)} AS DOUBLE) AS ${ident(n)}`),
    ...text.map((n) => `CAST(${ident(n)} AS VARCHAR) AS ${ident(n)}`),
    ...(label ? [`CAST(${ident(label)} AS DOUBLE) AS ${ident(label)}`] : []),
  ];
  const result = await db.query(`SELECT ${columns.join(', ')} FROM ${ident(table)} ORDER BY customer_id`);
  const rows = result.numRows;
  const idColumn = result.getChild('customer_id');
  const customerIds = idColumn ? utf8Strings(idColumn).map(String) : [];
  const d = numeric.length;
  const x = new Float32Array(rows * d);
  numeric.forEach((name, j) => {
    const values = doubles(result.getChild(name)!);
    for (let r = 0; r < rows; r++) x[r * d + j] = values[r]!;
  });
  const categorical = text.map((name) => encodeText(name, result.getChild(name)!));
  const labels = label ? Uint8Array.from(doubles(result.getChild(label)!), (v) => (v > 0 ? 1 : 0)) : undefined;
  return { rows, customerIds, x, labels, categorical };
}

/** A DOUBLE column as a Float64Array with NaN for NULL. */
function doubles(vector: Vector): Float64Array {
  const out = new Float64Array(vector.length);
  if (vector.nullCount === 0) {
    out.set(vector.toArray() as Float64Array);
    return out;
  }
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as number | null;
    out[i] = v === null ? NaN : v;
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

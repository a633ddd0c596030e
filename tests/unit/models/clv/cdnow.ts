/** The CDNOW sample's published calibration summary (lifetimes' cdnow_customers_summary.csv) as arrays. */
import fs from 'node:fs';
import path from 'node:path';

export const cdnowDir = path.resolve(__dirname, '../../../../../shared/datasets/cdnow');

/** ID, frequency (x), recency (t_x) and T in weeks, per sample customer. */
export function publishedSummary(): { id: number[]; x: Float64Array; tx: Float64Array; T: Float64Array } {
  const rows = fs
    .readFileSync(path.join(cdnowDir, 'cdnow_customers_summary.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return {
    id: rows.map((r) => r[0]),
    x: Float64Array.from(rows, (r) => r[1]),
    tx: Float64Array.from(rows, (r) => r[2]),
    T: Float64Array.from(rows, (r) => r[3]),
  };
}

/** Published BG/NBD maximum-likelihood fit (Fader, Hardie & Lee 2005) on the sample, E = 1997-09-30. */
export const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };

/**
 * The command line's native engine (@duckdb/node-api) against DuckDB-WASM, the browser's engine: the same
 * commands on the shared datasets print the same document. Sums may differ in their last bits (native DuckDB adds
 * in parallel, in another order), so counts and tables are compared to 1e-9 relative; a fitted model starts from
 * such sums and its optimiser stops within its tolerance, so fits are compared to 1e-6 relative, without the
 * optimiser's own bookkeeping (evaluations, gradient norm, stopping message). Timings are left out.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { openNativeDb } from '../../../src/engine/native';
import { openNodeDb } from '../../../src/engine/node';
import { tableToRows } from '../../../src/engine/rows';
import type { Db } from '../../../src/engine/db';
import { cli } from '../cli/run-cli';
import { CDNOW } from '../analyses/cdnow-reference';

const RETAIL = '../shared/datasets/online-retail/online_retail.csv';

/** Keys that say how a run went, not what it found. */
const IGNORED = new Set(['timings_ms', 'evaluations', 'iterations', 'gradientNorm', 'message']);

/** Where two JSON documents differ (beyond 1e-9 relative for numbers), as "path: a vs b" lines. */
function differences(a: unknown, b: unknown, tolerance = 1e-9, at = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b)) ? [] : [`${at}: ${a} vs ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items vs ${b.length}`];
    return a.flatMap((item, i) => differences(item, b[i], tolerance, `${at}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !IGNORED.has(key));
    return keys.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tolerance, `${at}.${key}`));
  }
  return a === b ? [] : [`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

async function onBothEngines(...args: string[]): Promise<{ native: unknown; wasm: unknown }> {
  const [native, wasm] = [await cli(...args, '--json', '--engine', 'native'), await cli(...args, '--json', '--engine', 'wasm')];
  expect(native.stderr).toBe('');
  expect(wasm.stderr).toBe('');
  return { native: JSON.parse(native.stdout), wasm: JSON.parse(wasm.stdout) };
}

describe('the native engine gives what DuckDB-WASM gives', () => {
  const runs: [string, string[], number][] = [
    ['cohort on CDNOW', ['cohort', CDNOW], 1e-9],
    ['rfm on CDNOW', ['rfm', CDNOW], 1e-9],
    ['clv on CDNOW', ['clv', CDNOW, '--calibration-end', '1997-09-30'], 1e-6],
    ['cohort on Online Retail', ['cohort', RETAIL], 1e-9],
    ['rfm on Online Retail', ['rfm', RETAIL], 1e-9],
    // Online Retail's BG/NBD needs a small penalty to converge (a drifts to 0 without one) on either engine.
    ['clv on Online Retail', ['clv', RETAIL, '--calibration-end', 'auto', '--penalizer', '0.001'], 1e-6],
  ];
  it.each(runs)('%s', async (_, args, tolerance) => {
    const { native, wasm } = await onBothEngines(...args);
    expect(differences(native, wasm, tolerance)).toEqual([]);
  }, 120_000);

  it('sees a difference beyond the last digits', () => {
    expect(differences({ a: [1, 'x'], timings_ms: 1 }, { a: [1 + 1e-12, 'x'], timings_ms: 2 })).toEqual([]);
    expect(differences({ a: 1 }, { a: 1 + 1e-7 }, 1e-6)).toEqual([]);
    expect(differences({ a: [1, 'x'] }, { a: [1.000001, 'x'] })).toEqual(['$.a[0]: 1 vs 1.000001']);
    expect(differences({ a: [1, 'x'] }, { a: [1, 'y'] })).toEqual(['$.a[1]: "x" vs "y"']);
    expect(differences({ a: 1 }, { b: 1 })).toHaveLength(2);
  });

  it('reads every column type the analyses use the same way, and takes Arrow tables in', async () => {
    const sql = `SELECT 1::BIGINT AS bi, 2::INTEGER AS i, 3.5::DOUBLE AS d, 1.25::DECIMAL(10,2) AS dec, sum(x) AS s, 'a' AS v,
      DATE '2020-01-02' AS dt, TIMESTAMP '2020-01-02 03:04:05.123456' AS ts, TIMESTAMPTZ '2020-01-02 03:04:05' AS tstz, true AS b,
      ['a', NULL] AS lv, [1.5, 2.5]::DOUBLE[] AS ld, {'k': 1, 'z': 'q'} AS st, 1.5::FLOAT AS f, 'x'::ENUM('x', 'y') AS en,
      avg(x) AS av, count(*) AS c, NULL AS n, [DATE '2020-01-01'] AS ldt, NULL::DATE AS nd, NULL::TIMESTAMP AS nts
      FROM range(3) t(x)`;
    const input = tableToIPC(tableFromArrays({ f: new Float64Array([1.5, 2]), s: ['p', 'q'], i: new Int32Array([3, 4]) }), 'stream');
    const read = async (db: Db) => {
      try {
        await db.insertArrow('scores', input);
        await db.insertArrow('scores', input, { append: true });
        return { types: tableToRows(await db.query(sql)), scores: tableToRows(await db.query('SELECT * FROM scores')), params: tableToRows(await db.query('SELECT ? + 1 AS p, ? AS q', [41, 'x'])) };
      } finally {
        await db.close();
      }
    };
    const [native, wasm] = [await read(await openNativeDb({ threads: 1 })), await read(await openNodeDb())];
    expect(native).toEqual(wasm);
    expect(native.scores).toHaveLength(4);
    expect(native.types[0]).toMatchObject({ dec: 1.25, s: 3, dt: '2020-01-02', ts: '2020-01-02 03:04:05.123', c: 3, nd: null });
  });
});

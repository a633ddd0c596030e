import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS_HEADER, LINES_HEADER, TRUTH_HEADER } from '../../../samples/csv';
import { parseArgs, writeSamples } from '../../../samples/generate';

const dir = mkdtempSync(join(tmpdir(), 'cohortbook-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseArgs', () => {
  it('fills defaults', () => {
    expect(parseArgs(['--lines', '500'])).toEqual({
      lines: 500, seed: 42, events: false, anomalies: false, start: '2022-01-01', years: 3, out: 'samples/out', format: 'csv', name: 'shop-500',
    });
  });

  it.each([
    [['--lines', 'x'], '--lines must be a whole number of at least 1 (got "x").'],
    [['--lines', '0'], '--lines must be a whole number of at least 1 (got "0").'],
    [['--seed', '-1'], '--seed must be a whole number of at least 0 (got "-1").'],
    [['--format', 'xlsx'], '--format must be csv, parquet or both (got "xlsx").'],
    [['--name', '../evil'], '--name may only hold letters, digits, dot, dash and underscore (got "../evil").'],
    [['--lines'], '--lines needs a value.'],
    [['--colour', 'red'], 'Unknown option "--colour". Use --lines N --seed S [--out DIR] [--format csv|parquet|both] [--events] [--anomalies] [--name NAME].'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('writeSamples', () => {
  it('writes CSV, Parquet, events and truth files that agree', async () => {
    const summary = writeSamples(parseArgs(['--lines', '3000', '--seed', '7', '--out', dir, '--name', 'demo', '--format', 'both', '--events']));
    expect(summary).toMatch(/^.*demo: 3,0\d\d lines, [\d,]+ customers, [\d,]+ orders, [\d,]+ events, 2022-01-0\d to 2024-12-31, both, [\d.]+ s$/);
    const csv = readFileSync(join(dir, 'demo.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(LINES_HEADER);
    expect(readFileSync(join(dir, 'demo.truth.csv'), 'utf8').split('\n')[0]).toBe(TRUTH_HEADER);
    expect(readFileSync(join(dir, 'demo.events.csv'), 'utf8').split('\n')[0]).toBe(EVENTS_HEADER);

    const bytes = readFileSync(join(dir, 'demo.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(Number(parquetMetadata(file).num_rows)).toBe(csv.length - 1);
    const rows = await parquetReadObjects({ file, rowEnd: 3 });
    const first = csv[1]!.split(',');
    expect(rows[0]).toMatchObject({ order_id: first[0], product_id: first[3], quantity: Number(first[6]), unit_price: Number(first[7]), status: first[8] });
    expect((rows[0]!.order_date as Date).toISOString().replace('T', ' ').slice(0, 19)).toBe(first[2]);
  });
});

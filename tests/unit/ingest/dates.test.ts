import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { formatLabel, formatRegex, inferTimestamp, timestampSql } from '../../../src/ingest/dates';
import { IngestError } from '../../../src/ingest/errors';
import { ident, literal } from '../../../src/sql/quote';
import { rows } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

/** Puts `values` in a one-column table, infers the format, and reads every value with it. */
async function infer(values: (string | null)[], type = 'VARCHAR') {
  const list = values.map((v) => (v === null ? 'NULL' : literal(v))).join(', ');
  await db.exec(`CREATE OR REPLACE TABLE dates_raw AS SELECT CAST(unnest([${list}]) AS ${type}) AS "when"`);
  const inference = await inferTimestamp(db, 'dates_raw', 'when', type);
  const parsed = await rows(
    db,
    `SELECT strftime(${timestampSql(ident('when'), inference.spec)}, '%Y-%m-%d %H:%M:%S') AS ts FROM dates_raw`,
  );
  return { ...inference, parsed: parsed.map((r) => r.ts) };
}

// The label names the most used format (ties: the longest time part first).
describe('inferTimestamp: formats (every value parsed, to the right wall time)', () => {
  const cases: Array<{ name: string; values: string[]; expected: string[]; label: string }> = [
    {
      name: 'ISO date-time',
      values: ['2010-12-01 08:26:00', '2011-12-09 12:50:00'],
      expected: ['2010-12-01 08:26:00', '2011-12-09 12:50:00'],
      label: 'YYYY-MM-DD hh:mm:ss',
    },
    {
      name: 'ISO with T, fractions, Z and offsets (zone dropped to wall time)',
      values: ['2023-05-01T10:30:00Z', '2023-05-01T11:30:00.123+02:00', '2023-05-02T08:00:00-05:00'],
      expected: ['2023-05-01 10:30:00', '2023-05-01 11:30:00', '2023-05-02 08:00:00'],
      label: 'YYYY-MM-DDThh:mm:ss (time zone dropped)',
    },
    {
      name: 'Shopify-style offset after a blank',
      values: ['2023-05-01 10:30:00 -0400', '2023-05-02 23:59:59 -0400'],
      expected: ['2023-05-01 10:30:00', '2023-05-02 23:59:59'],
      label: 'YYYY-MM-DD hh:mm:ss (time zone dropped)',
    },
    {
      name: 'day-first proven by 13/4/2011',
      values: ['3/4/2011', '13/4/2011', '1/12/2011 10:30'],
      expected: ['2011-04-03 00:00:00', '2011-04-13 00:00:00', '2011-12-01 10:30:00'],
      label: 'D/M/YYYY (day first)',
    },
    {
      name: 'month-first proven by 4/13/2011',
      values: ['3/4/2011 08:00', '4/13/2011 17:45'],
      expected: ['2011-03-04 08:00:00', '2011-04-13 17:45:00'],
      label: 'M/D/YYYY hh:mm (month first)',
    },
    {
      name: 'dots, day-first',
      values: ['01.05.2023', '31.05.2023 14:00'],
      expected: ['2023-05-01 00:00:00', '2023-05-31 14:00:00'],
      label: 'D.M.YYYY hh:mm (day first)',
    },
    {
      name: 'slashes year first, with and without time',
      values: ['2023/05/01', '2023/05/02 10:30', '2023/05/03 10:30:15'],
      expected: ['2023-05-01 00:00:00', '2023-05-02 10:30:00', '2023-05-03 10:30:15'],
      label: 'YYYY/MM/DD hh:mm:ss',
    },
    {
      name: '12-hour clock with AM/PM and two-digit years',
      values: ['3/4/11 1:05 PM', '3/14/11 11:05 AM', '12/31/11 12:00 AM'],
      expected: ['2011-03-04 13:05:00', '2011-03-14 11:05:00', '2011-12-31 00:00:00'],
      label: 'M/D/YY hh:mm AM/PM (month first)',
    },
    {
      name: 'Chinese dates with optional time',
      values: ['2023年5月1日', '2023年5月2日 10:30', '2023年12月31日'],
      expected: ['2023-05-01 00:00:00', '2023-05-02 10:30:00', '2023-12-31 00:00:00'],
      label: 'YYYY年MM月DD日',
    },
    {
      name: 'CDNOW yyyymmdd integers',
      values: ['19970101', '19980630'],
      expected: ['1997-01-01 00:00:00', '1998-06-30 00:00:00'],
      label: 'YYYYMMDD',
    },
    {
      name: 'epoch seconds',
      values: ['1511544070', '1512316799'],
      expected: ['2017-11-24 17:21:10', '2017-12-03 15:59:59'],
      label: 'Unix time in seconds',
    },
    {
      name: 'epoch milliseconds',
      values: ['1433221332117', '1442545187788'],
      expected: ['2015-06-02 05:02:12', '2015-09-18 02:59:47'],
      label: 'Unix time in milliseconds',
    },
    {
      name: 'month names',
      values: ['1 May 2023', '12 Jun 2023'],
      expected: ['2023-05-01 00:00:00', '2023-06-12 00:00:00'],
      label: 'D Mon YYYY',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const result = await infer(c.values);
      expect(result.parsed).toEqual(c.expected);
      expect(result.label).toBe(c.label);
      expect(result.failedRows).toBe(0);
      expect(result.warnings).toEqual([]);
    });
  }
});

describe('inferTimestamp: ambiguity and failures', () => {
  it('reads all-ambiguous slashes month-first and says so', async () => {
    const result = await infer(['3/4/2011', '4/5/2011', '12/1/2011']);
    expect(result.parsed).toEqual(['2011-03-04 00:00:00', '2011-04-05 00:00:00', '2011-12-01 00:00:00']);
    expect(result.label).toBe('M/D/YYYY (month first)');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.en).toMatch(/day-first and month-first.*read as month first/);
  });

  it('decides on a value beyond the 20,000 rows that shortlist formats', async () => {
    const values = Array.from({ length: 25_000 }, (_, i) => `${(i % 12) + 1}/${(i % 9) + 1}/2012`);
    values.push('25/12/2012');
    const result = await infer(values);
    expect(result.label).toBe('D/M/YYYY (day first)');
    expect(result.parsed.at(-1)).toBe('2012-12-25 00:00:00');
  });

  it('counts rows the chosen format cannot read, with examples (missing-value words are not dates to read)', async () => {
    const result = await infer(['2023-05-01', '2023-05-02', 'soon', 'soon', 'later', 'n/a', 'NA', '-', null, '', '   ']);
    expect(result.failedRows).toBe(3);
    expect(result.failedExamples).toEqual(['soon', 'later']);
    expect(result.parsed.slice(0, 2)).toEqual(['2023-05-01 00:00:00', '2023-05-02 00:00:00']);
  });

  it('refuses a column with no dates, in the user’s words', async () => {
    await expect(infer(['apple', 'pear'])).rejects.toThrow(IngestError);
    await expect(infer(['apple', 'pear'])).rejects.toThrow(/does not hold dates.*Pick another timestamp column/);
  });

  it('uses typed TIMESTAMP and DATE columns as they are', async () => {
    const ts = await infer(['2023-05-01 10:30:00'], 'TIMESTAMP');
    expect(ts.spec).toEqual({ kind: 'native' });
    expect(ts.parsed).toEqual(['2023-05-01 10:30:00']);
    const date = await infer(['2023-05-01'], 'DATE');
    expect(date.parsed).toEqual(['2023-05-01 00:00:00']);
  });

  it('reads typed integer columns as yyyymmdd or epoch', async () => {
    expect((await infer(['19970101'], 'BIGINT')).parsed).toEqual(['1997-01-01 00:00:00']);
    expect((await infer(['1511544070'], 'BIGINT')).spec).toEqual({ kind: 'epoch_s' });
    expect((await infer(['19970101'], 'DOUBLE')).parsed).toEqual(['1997-01-01 00:00:00']);
  });
});

describe('format helpers', () => {
  it('writes formats for people', () => {
    expect(formatLabel('%d/%m/%Y %H:%M', 'day first')).toBe('D/M/YYYY hh:mm (day first)');
    expect(formatLabel('%Y-%m-%d %H:%M:%S', undefined, true)).toBe('YYYY-MM-DD hh:mm:ss (time zone dropped)');
  });

  it('matches only plausible dates', async () => {
    const re = new RegExp(`^${formatRegex('%m/%d/%Y')}$`);
    expect(re.test('12/31/2011')).toBe(true);
    expect(re.test('13/31/2011')).toBe(false);
    expect(re.test('12/31/11')).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { formatCell, isNumericType } from '../../../src/ui/cell-format';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

const cases: [sql: string, text: string][] = [
  [`12.34::DECIMAL(10,2)`, '12.34'],
  [`-0.05::DECIMAL(4,2)`, '-0.05'],
  [`123456789012345678.5::DECIMAL(38,1)`, '123456789012345678.5'],
  [`3::HUGEINT`, '3'],
  [`TIMESTAMP '2024-03-04 05:06:07'`, '2024-03-04 05:06:07'],
  [`TIMESTAMP '2024-03-04 05:06:07.5'`, '2024-03-04 05:06:07.500'],
  [`DATE '2011-12-09'`, '2011-12-09'],
  [`TIME '01:02:03'`, '01:02:03'],
  [`9007199254740993::BIGINT`, '9007199254740993'],
  [`0.1::DOUBLE + 0.2::DOUBLE`, '0.3'],
  [`'<script>'`, '<script>'],
  [`NULL::VARCHAR`, ''],
  [`[1, 2]`, '[1,2]'],
];

describe('formatCell on values DuckDB really returns', () => {
  it.each(cases)('%s -> %s', async (sql, text) => {
    const table = await db.query(`SELECT ${sql} AS v`);
    const field = table.schema.fields[0]!;
    expect(formatCell(table.getChild('v')!.get(0), field.type)).toBe(text);
  });

  it('aligns numbers, not text', async () => {
    const table = await db.query(`SELECT 1::INTEGER a, 1.5::DECIMAL(3,1) b, 'x' c`);
    expect(table.schema.fields.map((f) => isNumericType(f.type))).toEqual([true, true, false]);
  });
});

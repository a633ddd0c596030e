import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { profileColumns } from '../../../src/ingest/profile';
import { csvTable } from './csv-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
});

const CSV = `email,when,qty,price,note
ann@example.com,2023-05-01 10:00:00,1,10.50,
ann@example.com,2023-05-02 10:00:00,2,"1,200.00",hello
bob@example.com,03/05/2023,3,$4.00,
,20230504,1,4.00,
CY@Example.com,not a date,x,4.00,
`;

describe('profileColumns', () => {
  it('counts, shares and most frequent values per column', async () => {
    await csvTable(db, 'raw', CSV);
    const profiles = await profileColumns(db, 'raw');
    expect(profiles.map((p) => [p.name, p.index, p.type])).toEqual([
      ['email', 0, 'VARCHAR'],
      ['when', 1, 'VARCHAR'],
      ['qty', 2, 'VARCHAR'],
      ['price', 3, 'VARCHAR'],
      ['note', 4, 'VARCHAR'],
    ]);
    const [email, when, qty, price, note] = profiles;
    expect(email).toMatchObject({ nonNull: 4, distinct: 3, emailShare: 1, numericShare: 0, dateShare: 0 });
    expect(email.examples).toEqual(['ann@example.com', 'CY@Example.com', 'bob@example.com']);
    expect(when).toMatchObject({ nonNull: 5, distinct: 5, dateShare: 0.8 });
    expect(qty).toMatchObject({ nonNull: 5, distinct: 4, numericShare: 0.8, integerShare: 0.8 });
    expect(qty.examples[0]).toBe('1');
    expect(price).toMatchObject({ nonNull: 5, distinct: 4, numericShare: 1, integerShare: 0 });
    expect(price.examples[0]).toBe('4.00');
    expect(note).toMatchObject({ nonNull: 1, distinct: 1, examples: ['hello'] });
  });

  it('treats typed columns by their type', async () => {
    await db.exec(`CREATE OR REPLACE TABLE typed_raw AS
      SELECT 17850.0::DOUBLE AS customer, TIMESTAMP '2023-05-01 10:00:00' AS ts, 3::BIGINT AS n`);
    const [customer, ts, n] = await profileColumns(db, 'typed_raw');
    expect(customer).toMatchObject({ type: 'DOUBLE', numericShare: 1, integerShare: 1, examples: ['17850.0'] });
    expect(ts).toMatchObject({ type: 'TIMESTAMP', dateShare: 1, numericShare: 0 });
    expect(n).toMatchObject({ type: 'BIGINT', numericShare: 1, integerShare: 1 });
  });

  it('profiles an empty table without failing', async () => {
    await db.exec(`CREATE OR REPLACE TABLE empty_raw (a VARCHAR, b VARCHAR)`);
    const profiles = await profileColumns(db, 'empty_raw');
    expect(profiles.map((p) => [p.name, p.nonNull, p.examples])).toEqual([
      ['a', 0, []],
      ['b', 0, []],
    ]);
  });
});

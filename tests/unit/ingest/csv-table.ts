/** Test helper: turns inline CSV text into a raw table the way the loader does (all VARCHAR). */
import type { Db } from '../../../src/engine/db';
import { ident, literal } from '../../../src/sql/quote';

let fileCount = 0;

/** Creates (or replaces) `table` from CSV text, every column VARCHAR, like the loader does for CSV. */
export async function csvTable(db: Db, table: string, csv: string, options: { header?: boolean } = {}): Promise<void> {
  const name = `test-${++fileCount}.csv`;
  await db.registerFile(name, { kind: 'buffer', bytes: new TextEncoder().encode(csv) });
  const header = options.header ?? true;
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(table)} AS
     SELECT * FROM read_csv(${literal(name)}, all_varchar = true, header = ${header}, delim = ',', quote = '"')`,
  );
}

/** Rows of a query as plain objects (BigInt counts turned into numbers). */
export async function rows(db: Db, sql: string): Promise<Record<string, unknown>[]> {
  const table = await db.query(sql);
  return table.toArray().map((row) => {
    const object = row.toJSON() as Record<string, unknown>;
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'bigint') object[key] = Number(value);
    }
    return object;
  });
}

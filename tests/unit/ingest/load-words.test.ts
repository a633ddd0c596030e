/**
 * Every sentence a load writes for the user (role reasons, problems, warnings, reasons rows were left
 * out) exists in Chinese too: over the sample shop, the four real layouts and a few bad files, the
 * Chinese text differs from the English one and holds no English sentence.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { loadFile, type LoadResult } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';
import { pathSource } from '../../../src/ingest/sources-node';
import type { Localized } from '../../../src/text/language';

const ROOT = path.resolve(__dirname, '../../..');
const LAYOUTS = path.resolve(ROOT, '../shared/datasets/real-layouts');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

function texts(loaded: LoadResult): Localized[] {
  const report = loaded.report;
  return [
    ...loaded.guesses.map((g) => g.reason),
    ...loaded.problems.map((p) => p.message),
    ...report.warnings,
    ...report.excluded.map((i) => i.reason),
    ...report.rejected.map((i) => i.reason),
  ];
}

/** English left in a Chinese sentence: three or more Latin words in a row, outside quotes and parentheses of examples. */
function english(text: string): string | null {
  const bare = text.replace(/“[^”]*”|"[^"]*"|\([^)]*\)|（[^）]*）|[A-Za-z0-9_.-]+\.(csv|json|tsv)|--[a-z-]+|\d+/g, ' ');
  return /[A-Za-z]+[ ,]+[A-Za-z]+[ ,]+[A-Za-z]+/.exec(bare)?.[0] ?? null;
}

describe('load words in Chinese', () => {
  const files = [
    path.join(ROOT, 'samples/shop-2k.csv'),
    ...fs.readdirSync(LAYOUTS).filter((f) => /\.(csv|tsv|json)$/.test(f)).map((f) => path.join(LAYOUTS, f)),
  ];
  it.each(files.map((f) => [path.basename(f), f]))('%s', async (_name, file) => {
    const loaded = await loadFile(db, pathSource(file));
    for (const text of texts(loaded)) {
      expect(text['zh-CN'], text.en).not.toBe(text.en);
      expect(english(text['zh-CN']), text['zh-CN']).toBeNull();
    }
  });

  it('says what is wrong with a bad file in Chinese too', async () => {
    const bad = 'order,customer,date,amount\n1,a,2024-01-02,10\n2,b,not a date,12\n3,c,2024-13-45,9\n4,d,2024-02-02,-5\n5,,2024-02-03,7\n';
    const loaded = await loadFile(db, bytesSource('bad.csv', new TextEncoder().encode(bad)));
    expect(texts(loaded).length).toBeGreaterThan(3);
    for (const text of texts(loaded)) expect(english(text['zh-CN']), text['zh-CN']).toBeNull();
  });
});

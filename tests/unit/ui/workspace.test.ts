import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { IngestError } from '../../../src/ingest/errors';
import type { LoadOptions, LoadResult } from '../../../src/ingest/load';
import type { ByteSource, ColumnProfile, RoleMap } from '../../../src/ingest/types';
import { ident } from '../../../src/sql/quote';
import type { RoleMemory } from '../../../src/ui/role-memory';
import { createWorkspace, type IngestModule, type Workspace } from '../../../src/ui/workspace.svelte';

const EMPTY_PROFILE: ColumnProfile = {
  name: '', index: 0, type: 'VARCHAR', nonNull: 0, filledShare: 1, distinct: 0, numericShare: 0, dateShare: 0, integerShare: 0,
  emailShare: 0, positiveShare: 0, zeroShare: 0, smallCountShare: 0, preciseShare: 0, jsonShare: 0, spacedShare: 0,
  repeatShare: 0, topShare: 0, meanLength: 0, examples: [],
};

/** A stand-in for src/ingest/load: one raw table per file, cb_lines from the customer role. */
function fakeIngest(log: string[]): IngestModule {
  async function build(db: Db, table: string, roles: RoleMap) {
    await db.exec(`CREATE OR REPLACE TABLE cb_lines AS SELECT ${ident(roles.customer_id!)} AS customer_id FROM ${ident(table)}`);
  }
  return {
    async loadFile(db: Db, source: ByteSource, options: LoadOptions = {}): Promise<LoadResult> {
      const text = new TextDecoder().decode(await source.read());
      if (text === '') throw new IngestError(`${source.name} is empty.`);
      const stubborn = text.startsWith('stubborn');
      const progress = (p: Parameters<NonNullable<LoadOptions['onProgress']>>[0]) => {
        try {
          options.onProgress?.(p);
        } catch (error) {
          if (!stubborn) throw error;
        }
      };
      progress({ stage: 'reading', fraction: 0.1 });
      if (text.startsWith('slow') || stubborn) await new Promise((r) => setTimeout(r, 50));
      progress({ stage: 'loading', fraction: 0.5 });
      const table = source.name.replace(/\.\w+$/, '');
      const [header, ...rows] = text.trim().split('\n');
      const columns = header!.split(',');
      await db.exec(`CREATE OR REPLACE TABLE ${ident(table)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
      for (const row of rows) await db.exec(`INSERT INTO ${ident(table)} VALUES (${row.split(',').map((v) => `'${v}'`).join(', ')})`);
      const remembered = options.rolesFor ? await options.rolesFor(columns) : null;
      const roles: RoleMap = remembered ?? { customer_id: columns[0]! };
      await build(db, table, roles);
      log.push(remembered ? `load ${table} as ${roles.customer_id}` : `load ${table}`);
      return {
        table,
        sniffed: { format: 'csv', encoding: 'utf-8', hasBom: false, delimiter: ',', hasHeader: true, warnings: [] },
        profiles: columns.map((name, index) => ({ ...EMPTY_PROFILE, name, index, nonNull: rows.length })),
        dependencies: [],
        guesses: [{ role: 'customer_id', column: columns[0]!, confidence: 0.9, reason: { en: 'first column', 'zh-CN': '第一列' } }],
        roles,
        timestamp: null,
        dateChoice: 'auto',
        report: { file: source.name, rowsRead: rows.length } as LoadResult['report'],
        problems: text.includes('nocustomer') ? [{ code: 'no_timestamp_column', blocking: true, message: { en: 'No date column.', 'zh-CN': '没有日期列。' } }] : [],
        rejectedLines: [],
        lineEndings: null,
        now: 0,
      };
    },
    async remapRoles(db, loaded, roles) {
      await build(db, loaded.table, roles);
      log.push(`remap ${loaded.table} ${roles.customer_id}`);
      return { ...loaded, roles };
    },
    layoutKey: (names) => names.join('|'),
    roleMapOf: (guesses) => Object.fromEntries(guesses.map((g) => [g.role, g.column])),
  };
}

function memoryRoles(): RoleMemory & { saved: Map<string, RoleMap>; currencies: Map<string, string> } {
  const saved = new Map<string, RoleMap>();
  const currencies = new Map<string, string>();
  return {
    saved,
    currencies,
    recall: async (k) => saved.get(k) ?? null,
    remember: async (k, r) => void saved.set(k, r),
    recallCurrency: async (k) => currencies.get(k) ?? null,
    rememberCurrency: async (k, c) => void currencies.set(k, c),
  };
}

let db: Db;
let log: string[];
let roles: ReturnType<typeof memoryRoles>;
let workspace: Workspace;

beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());
beforeEach(() => {
  log = [];
  roles = memoryRoles();
  workspace = createWorkspace({ ...deps(), fetchSample: async () => new Response('customer,order\nc1,o1\n', { status: 200 }) });
});

const file = (name: string, text: string) => new File([text], name);

/** The workspace's outside world for a test: the shared database, the fake ingest, memory roles. */
const deps = () => ({
  openDb: async () => db,
  ingest: async () => fakeIngest(log),
  decoder: { decode: () => Promise.reject(new Error('not used')), cancel: () => {} },
  roleMemory: roles,
  fetchSample: async () => new Response('', { status: 404 }),
  now: () => 0,
});

describe('Workspace', () => {
  it('loads a file: lists its table, makes it current and previews its rows', async () => {
    await workspace.openFiles([file('orders.csv', 'customer,order\nc1,o1\nc2,o2\n')]);
    expect(workspace.notice).toBeNull();
    expect(workspace.current?.name).toBe('orders.csv');
    expect(workspace.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['orders', 'cb_lines']));
    expect(workspace.selected).toBe('orders');
    expect(workspace.preview?.totalRows).toBe(2);
    expect(workspace.task).toBeNull();
  });

  it('rehearses a load once the engine starts, in the queue with the loads (never beside one)', async () => {
    const rehearsing = createWorkspace({
      ...deps(),
      ingest: async () => ({
        ...fakeIngest(log),
        rehearseLoad: async () => {
          log.push('rehearsal start');
          await new Promise((r) => setTimeout(r, 30));
          log.push('rehearsal end');
        },
      }),
    });
    rehearsing.warmUp();
    await expect.poll(() => log.length).toBeGreaterThan(0);
    await rehearsing.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    expect(log).toEqual(['rehearsal start', 'rehearsal end', 'load orders']);
    expect(rehearsing.rehearsed).toBe(true);
    // A file loaded before the rehearsal's turn has warmed the engine: no rehearsal then.
    log.length = 0;
    const loadedFirst = createWorkspace({ ...deps(), ingest: async () => ({ ...fakeIngest(log), rehearseLoad: async () => void log.push('rehearsal') }) });
    const loading = loadedFirst.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    loadedFirst.warmUp();
    await loading;
    await expect.poll(() => loadedFirst.rehearsed).toBe(true);
    expect(log).toEqual(['load orders']);
    // A rehearsal that fails is over all the same: the page says so, and the next file loads.
    log.length = 0;
    const failing = createWorkspace({ ...deps(), ingest: async () => ({ ...fakeIngest(log), rehearseLoad: async () => Promise.reject(new Error('unreadable answer')) }) });
    failing.warmUp();
    await expect.poll(() => failing.rehearsed).toBe(true);
    await failing.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    expect(log).toEqual(['load orders']);
    expect(failing.notice).toBeNull();
  });

  it('keeps the earlier file, its table and its preview when a bad file fails', async () => {
    await workspace.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    await workspace.openFiles([file('empty.csv', '')]);
    expect(workspace.notice).toEqual({ kind: 'error', text: { en: 'empty.csv is empty.', 'zh-CN': 'empty.csv is empty.' } });
    expect(workspace.current?.name).toBe('orders.csv');
    expect(workspace.tables.map((t) => t.name)).toContain('orders');
    await workspace.showTable('orders');
    expect(workspace.preview?.totalRows).toBe(1);
  });

  it('remembers an applied mapping for the layout and builds the next file like it with it, in one pass', async () => {
    await workspace.openFiles([file('a.csv', 'customer,order\nc1,o1\n')]);
    await workspace.applyRoles({ customer_id: 'order' });
    expect(roles.saved.get('customer|order')).toEqual({ customer_id: 'order' });
    expect(workspace.current?.result.roles).toEqual({ customer_id: 'order' });

    await workspace.openFiles([file('b.csv', 'customer,order\nc9,o9\n')]);
    expect(log).toEqual(['load a', 'remap a order', 'load b as order']);
    expect(workspace.current?.rolesRemembered).toBe(true);
    expect(workspace.current?.result.roles).toEqual({ customer_id: 'order' });
  });

  it('shows money in the currency picked for a layout, without rebuilding, and remembers it for the next file', async () => {
    await workspace.openFiles([file('a.csv', 'customer,order\nc1,o1\n')]);
    expect(workspace.current?.currency).toBeNull();
    await workspace.applyRoles({ ...workspace.current!.result.roles }, undefined, 'GBP');
    expect(workspace.current?.currency).toEqual({ code: 'GBP', symbol: 'GBP' });
    expect(workspace.analysisSource?.currency).toEqual({ code: 'GBP', symbol: 'GBP' });
    expect(log).toEqual(['load a']);
    await workspace.openFiles([file('b.csv', 'customer,order\nc9,o9\n')]);
    expect(workspace.current?.currencyChoice).toBe('GBP');
    expect(workspace.current?.currency?.code).toBe('GBP');
    await workspace.applyRoles({ ...workspace.current!.result.roles }, undefined, 'none');
    expect(workspace.current?.currency).toBeNull();
  });

  it('keeps the analysis tables of the earlier file when a new one cannot be analysed yet', async () => {
    await workspace.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    await workspace.openFiles([file('colours.csv', 'nocustomer,shade\nred,dark\n')]);
    expect(workspace.current?.name).toBe('colours.csv');
    expect(workspace.analysisSource?.name).toBe('orders.csv');
    expect(workspace.notice).toMatchObject({ kind: 'error', key: 'notice.problems', params: { file: 'colours.csv' }, text: { en: 'No date column.', 'zh-CN': '没有日期列。' } });
  });

  it('loads the sample through fetch', async () => {
    await workspace.loadSample();
    expect(workspace.current?.result.report.rowsRead).toBe(1);
  });

  it('says so when the sample is missing, without touching the workspace', async () => {
    const missing = createWorkspace({ ...deps(), fetchSample: async () => new Response('nope', { status: 404 }) });
    await missing.loadSample();
    expect(missing.notice).toMatchObject({ kind: 'error', key: 'error.sampleMissing', params: { status: 404 } });
    expect(missing.files).toEqual([]);
  });

  it('cancels a load: reports it, keeps the current file and rebuilds its analysis tables', async () => {
    await workspace.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    const loading = workspace.openFiles([file('slow.csv', 'slowcol,x\ns1,x1\n')]);
    await new Promise((r) => setTimeout(r, 5));
    workspace.cancelTask();
    await loading;
    expect(workspace.notice).toEqual({ kind: 'info', key: 'notice.cancelled', params: { file: 'slow.csv' } });
    expect(workspace.current?.name).toBe('orders.csv');
    expect(workspace.tables.map((t) => t.name)).not.toContain('slow');
    const rows = await db.query('SELECT customer_id FROM cb_lines');
    expect(rows.toArray().map((r) => r.customer_id)).toEqual(['c1']);
  });

  it('undoes a cancelled load that the engine finished anyway', async () => {
    await workspace.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    const loading = workspace.openFiles([file('late.csv', 'stubborn,x\ns1,x1\n')]);
    await new Promise((r) => setTimeout(r, 5));
    workspace.cancelTask();
    await loading;
    expect(log).toEqual(['load orders', 'load late', 'remap orders customer']);
    expect(workspace.notice?.key).toBe('notice.cancelled');
    expect(workspace.tables.map((t) => t.name)).not.toContain('late');
    const rows = await db.query('SELECT customer_id FROM cb_lines');
    expect(rows.toArray().map((r) => r.customer_id)).toEqual(['c1']);
  });

  it('reports an engine that cannot start and tries again on the next use', async () => {
    let attempts = 0;
    const flaky = createWorkspace({
      openDb: async () => {
        if (attempts++ === 0) throw new Error('no wasm');
        return db;
      },
      ingest: async () => fakeIngest(log),
      decoder: { decode: () => Promise.reject(new Error('not used')), cancel: () => {} },
      roleMemory: roles,
      fetchSample: async () => new Response(''),
      now: () => 0,
    });
    await flaky.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    expect(flaky.engine).toBe('failed');
    expect(flaky.notice?.key).toBe('error.engineStart');
    await flaky.openFiles([file('orders.csv', 'customer,order\nc1,o1\n')]);
    expect(flaky.engine).toBe('ready');
    expect(flaky.current?.name).toBe('orders.csv');
  });
});

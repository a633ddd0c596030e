import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_HEADER, LINES_HEADER, ShopCsv, TRUTH_HEADER } from '../../../samples/csv';
import { generateShop, type ShopOptions } from '../../../samples/shop';
import { SEGMENTS } from '../../../samples/segments';

interface Line {
  order: string;
  customer: string;
  date: string;
  product: string;
  quantity: number;
  status: string;
  raw: string;
}

interface Truth {
  customer: string;
  segment: string;
  firstPurchase: string;
  dropout: string;
}

const decoder = new TextDecoder();

function render(options: ShopOptions): { lines: string; events: string; truth: string } {
  const shop = generateShop(options);
  const csv = new ShopCsv(shop);
  let lines = `${LINES_HEADER}\n`;
  let events = `${EVENTS_HEADER}\n`;
  for (const chunk of shop.chunks()) {
    lines += decoder.decode(csv.lines(chunk.lines));
    if (chunk.events) events += decoder.decode(csv.events(chunk.events));
  }
  let truth = `${TRUTH_HEADER}\n`;
  for (const piece of csv.truth()) truth += decoder.decode(piece);
  return { lines, events, truth };
}

const rows = (text: string) => text.trimEnd().split('\n').slice(1);

function parseLines(text: string): Line[] {
  return rows(text).map((raw) => {
    const f = raw.split(',');
    return { order: f[0]!, customer: f[1]!, date: f[2]!, product: f[3]!, quantity: Number(f[6]), status: f[8]!, raw };
  });
}

function parseTruth(text: string): Map<string, Truth> {
  return new Map(
    rows(text).map((raw) => {
      const f = raw.split(',');
      return [f[0]!, { customer: f[0]!, segment: f[1]!, firstPurchase: f[2]!, dropout: f[3]! }];
    }),
  );
}

const isPurchase = (l: Line) => l.status === 'completed' && l.quantity > 0;
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

const big = render({ lines: 60_000, seed: 42, events: true });
const lines = parseLines(big.lines);
const truth = parseTruth(big.truth);

describe('generateShop determinism', () => {
  it('gives identical files for the same seed and different ones for another seed', () => {
    const a = render({ lines: 5_000, seed: 42, events: true });
    const b = render({ lines: 5_000, seed: 42, events: true });
    const c = render({ lines: 5_000, seed: 43, events: true });
    expect(b.lines).toBe(a.lines);
    expect(b.events).toBe(a.events);
    expect(b.truth).toBe(a.truth);
    expect(c.lines).not.toBe(a.lines);
    expect(c.truth).not.toBe(a.truth);
  });

  it('produces the same orders with and without events', () => {
    expect(render({ lines: 3_000, seed: 9 }).lines).toBe(render({ lines: 3_000, seed: 9, events: true }).lines);
  });

  it('keeps the committed 2k fixture in sync with the generator', () => {
    const fresh = render({ lines: 2_000, seed: 42 });
    expect(readFileSync('samples/shop-2k.csv', 'utf8')).toBe(fresh.lines);
    expect(readFileSync('samples/shop-2k.truth.csv', 'utf8')).toBe(fresh.truth);
  });
});

describe('generateShop size', () => {
  it.each([500, 2_000, 20_000, 60_000])('hits %i lines within 1%%', (target) => {
    const shop = generateShop({ lines: target, seed: 5 });
    let count = 0;
    for (const chunk of shop.chunks()) count += chunk.lines.length;
    expect(count).toBe(shop.lines);
    expect(Math.abs(count - target) / target).toBeLessThan(0.01);
  });

  it('covers the requested period', () => {
    const shop = generateShop({ lines: 20_000, seed: 5, start: '2021-03-01', years: 2 });
    expect(shop.firstDate.slice(0, 7)).toBe('2021-03');
    expect(shop.lastDate.slice(0, 7)).toBe('2023-02');
  });
});

describe('hidden truth', () => {
  const byCustomer = new Map<string, Line[]>();
  for (const l of lines) if (l.customer) byCustomer.set(l.customer, [...(byCustomer.get(l.customer) ?? []), l]);

  it('lists exactly the customers of the export, with their first order time', () => {
    expect(truth.size).toBe(byCustomer.size);
    let mismatches = 0;
    for (const [id, own] of byCustomer) {
      const first = own.reduce((min, l) => (l.date < min ? l.date : min), own[0]!.date);
      if (truth.get(id)?.firstPurchase !== first) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('agrees with the truth rows the generator yields', () => {
    const rowsOut = [...generateShop({ lines: 60_000, seed: 42, events: true }).truth()];
    expect(rowsOut.length).toBe(truth.size);
    const csvRows = rows(big.truth).map((r) => r.split(','));
    rowsOut.forEach((t, i) => {
      const f = csvRows[i]!;
      expect([f[0], f[1], f[2], f[3]]).toEqual([t.customerId, t.segment, t.firstPurchase, t.dropoutDate]);
      expect(Number(f[4])).toBeCloseTo(t.purchaseRatePerYear, 3);
      expect(Number(f[5])).toBeCloseTo(t.pDropout, 4);
    });
  });

  it('has no purchase after a customer dropped out', () => {
    let after = 0;
    let dropped = 0;
    for (const t of truth.values()) {
      if (!t.dropout) continue;
      dropped++;
      for (const l of byCustomer.get(t.customer)!) if (isPurchase(l) && l.date.slice(0, 10) > t.dropout) after++;
    }
    expect(dropped).toBeGreaterThan(truth.size * 0.5);
    expect(after).toBe(0);
  });

  it('draws segments in their configured shares, with more orders for loyal segments', () => {
    const orders = new Map<string, number[]>();
    for (const [id, own] of byCustomer) {
      const seg = truth.get(id)!.segment;
      orders.set(seg, [...(orders.get(seg) ?? []), new Set(own.map((l) => l.order)).size]);
    }
    const mean = (name: string) => orders.get(name)!.reduce((a, b) => a + b, 0) / orders.get(name)!.length;
    for (const s of SEGMENTS) expect(Math.abs(orders.get(s.name)!.length / truth.size - s.share)).toBeLessThan(0.03);
    expect(mean('one_and_done')).toBeLessThan(mean('bargain_hunter'));
    expect(mean('bargain_hunter')).toBeLessThan(mean('regular'));
    expect(mean('regular')).toBeLessThan(mean('big_spender'));
  });
});

describe('patterns an analyst should find', () => {
  it('peaks in November and December every year', () => {
    const orders = new Map<string, Set<string>>();
    for (const l of lines) if (isPurchase(l)) orders.set(l.date.slice(0, 7), (orders.get(l.date.slice(0, 7)) ?? new Set()).add(l.order));
    for (const year of ['2022', '2023', '2024']) {
      const months = Array.from({ length: 12 }, (_, m) => orders.get(`${year}-${String(m + 1).padStart(2, '0')}`)?.size ?? 0);
      const mean = months.reduce((a, b) => a + b, 0) / 12;
      expect(months[10]).toBeGreaterThan(mean);
      expect(months[11]).toBeGreaterThan(mean);
      expect(months[10]).toBeGreaterThan(1.2 * months[9]!);
    }
  });

  it('has retention that decays with months since the first purchase', () => {
    const lastMonth = monthIndex(lines[lines.length - 1]!.date);
    const firstMonth = new Map<string, number>();
    const active = new Map<string, Set<number>>();
    for (const l of lines) {
      if (!l.customer || !isPurchase(l)) continue;
      const m = monthIndex(l.date);
      if (!firstMonth.has(l.customer)) firstMonth.set(l.customer, m);
      active.set(l.customer, (active.get(l.customer) ?? new Set()).add(m - firstMonth.get(l.customer)!));
    }
    const retention = (k: number) => {
      let eligible = 0;
      let kept = 0;
      for (const [id, m0] of firstMonth) {
        if (m0 + k > lastMonth) continue;
        eligible++;
        if (active.get(id)!.has(k)) kept++;
      }
      return kept / eligible;
    };
    const curve = [1, 2, 3, 6, 9, 12, 18, 24].map(retention);
    expect(curve[0]).toBeGreaterThan(0.08);
    expect(curve[0]).toBeLessThan(0.35);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThan(curve[i - 1]!);
  });

  it('has product pairs bought together far more often than chance', () => {
    const baskets = new Map<string, Set<string>>();
    for (const l of lines) if (isPurchase(l)) baskets.set(l.order, (baskets.get(l.order) ?? new Set()).add(l.product));
    const single = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const basket of baskets.values()) {
      const items = [...basket].sort();
      for (const a of items) single.set(a, (single.get(a) ?? 0) + 1);
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++) pairs.set(`${items[i]}|${items[j]}`, (pairs.get(`${items[i]}|${items[j]}`) ?? 0) + 1);
    }
    const top5 = [...pairs].sort((x, y) => y[1] - x[1]).slice(0, 5);
    const { catalog } = generateShop({ lines: 10, seed: 42 });
    const index = new Map(catalog.productId.map((id, i) => [id, i]));
    const bundled = (a: string, b: string) => {
      const i = index.get(a)!;
      return Array.from(catalog.complements.subarray(catalog.complementStart[i]!, catalog.complementStart[i + 1]!)).includes(index.get(b)!);
    };
    for (const [pair, count] of top5) {
      const [a, b] = pair.split('|') as [string, string];
      const lift = (count * baskets.size) / (single.get(a)! * single.get(b)!);
      expect(count).toBeGreaterThan(30);
      expect(lift).toBeGreaterThan(4);
      expect(bundled(a, b)).toBe(true);
    }
  });
});

describe('export quirks', () => {
  it('has returns, guests and exact duplicates in realistic proportions', () => {
    const returned = lines.filter((l) => l.status === 'returned').length / lines.length;
    const negative = lines.filter((l) => l.quantity < 0);
    const guests = lines.filter((l) => l.customer === '').length / lines.length;
    const seen = new Set<string>();
    let duplicates = 0;
    for (const l of lines) (seen.has(l.raw) ? duplicates++ : seen.add(l.raw));
    expect(returned).toBeGreaterThan(0.015);
    expect(returned).toBeLessThan(0.04);
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.every((l) => l.status === 'returned')).toBe(true);
    expect(guests).toBeGreaterThan(0.005);
    expect(guests).toBeLessThan(0.04);
    expect(duplicates / lines.length).toBeGreaterThan(0.0005);
    expect(duplicates / lines.length).toBeLessThan(0.005);
  });

  it('writes well-formed rows', () => {
    const pattern = /^O\d{7},(C\d{6})?,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},P\d{4},[^,"]+,[^,"]+,-?\d+,\d+\.\d{2},(completed|returned),[A-Z][a-zA-Z ]+$/;
    const bad = lines.filter((l) => !pattern.test(l.raw));
    expect(bad.slice(0, 3)).toEqual([]);
  });
});

describe('behaviour events', () => {
  const events = rows(big.events).map((raw) => raw.split(','));

  it('forms a funnel from views to carts to purchases', () => {
    const count = (type: string) => events.filter((e) => e[1] === type).length;
    expect(count('view')).toBeGreaterThan(1.5 * count('cart'));
    expect(count('cart')).toBeGreaterThan(count('purchase'));
    const purchasedLines = new Set(lines.filter((l) => l.customer && l.quantity > 0).map((l) => `${l.order}|${l.product}`)).size;
    expect(count('purchase')).toBe(purchasedLines);
  });

  it('belongs to known customers and keeps each session to one customer', () => {
    const owner = new Map<string, string>();
    let conflicts = 0;
    for (const e of events) {
      if (!truth.has(e[5]!)) conflicts++;
      if ((owner.get(e[6]!) ?? e[5]) !== e[5]) conflicts++;
      owner.set(e[6]!, e[5]!);
    }
    expect(conflicts).toBe(0);
    expect(owner.size).toBeGreaterThan(new Set(lines.filter((l) => l.customer).map((l) => l.order)).size);
  });
});

describe('planted anomalies', () => {
  const shop = generateShop({ lines: 20_000, seed: 5, anomalies: true });
  const csv = new ShopCsv(shop);
  let text = `${LINES_HEADER}\n`;
  for (const chunk of shop.chunks()) text += decoder.decode(csv.lines(chunk.lines));
  const planted = parseLines(text);
  const anomalies = shop.anomalies();
  const linesOf = (order: string) => planted.filter((l) => l.order === order);
  const seconds = (date: string) => Date.parse(`${date.replace(' ', 'T')}Z`) / 1000;

  it('leaves everything else as it was', () => {
    const plain = parseLines(render({ lines: 20_000, seed: 5 }).lines);
    const touched = new Set(anomalies.map((a) => a.customerId));
    const untouched = (l: Line) => !touched.has(l.customer);
    expect(planted.filter(untouched).map((l) => l.raw.slice(9))).toEqual(plain.filter(untouched).map((l) => l.raw.slice(9)));
    expect(planted.length).toBe(shop.lines);
  });

  it('plants what the list says', () => {
    const kinds = new Set(anomalies.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['burst', 'cancelled_soon', 'huge_order', 'serial_returner']);
    for (const a of anomalies.filter((x) => x.kind === 'huge_order')) {
      expect(Math.max(...linesOf(a.orderId).map((l) => l.quantity))).toBeGreaterThanOrEqual(100);
    }
    for (const a of anomalies.filter((x) => x.kind === 'cancelled_soon')) {
      const lines = linesOf(a.orderId);
      const cancel = lines.find((l) => l.status === 'cancelled')!;
      const bought = lines.find((l) => l.status === 'completed' && l.product === cancel.product)!;
      expect(bought.quantity).toBe(cancel.quantity);
      expect(seconds(cancel.date) - seconds(bought.date)).toBeGreaterThan(0);
      expect(seconds(cancel.date) - seconds(bought.date)).toBeLessThanOrEqual(45 * 60);
    }
    const bursts = new Map<string, typeof anomalies>();
    for (const a of anomalies.filter((x) => x.kind === 'burst')) bursts.set(a.customerId, [...(bursts.get(a.customerId) ?? []), a]);
    for (const orders of bursts.values()) {
      expect(orders.length).toBeGreaterThanOrEqual(6);
      const times = orders.map((a) => seconds(linesOf(a.orderId)[0]!.date));
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(3600);
    }
    for (const a of anomalies.filter((x) => x.kind === 'serial_returner')) {
      const own = planted.filter((l) => l.customer === a.customerId);
      const first = own[0]!.order;
      expect(own.filter((l) => l.order !== first).every((l) => l.status === 'returned')).toBe(true);
      expect(own.filter((l) => l.order === first).every((l) => l.status === 'completed')).toBe(true);
    }
  });
});

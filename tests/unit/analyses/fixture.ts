/** Hand-made order exports for the analysis tests, loaded through the real load (purchase rules included). */
import { expect } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { loadFile } from '../../../src/ingest/load';
import { bytesSource } from '../../../src/ingest/sources';

const HEADER = 'order_id,customer_id,order_date,product_id,category,quantity,unit_price,status,country';

/** One order line: `status` defaults to completed, one unit at `amount`. */
export interface Line {
  order: string;
  customer: string;
  at: string;
  amount: number;
  status?: string;
  product?: string;
  category?: string;
  quantity?: number;
  country?: string;
}

/** The CSV text of `lines`. */
export function ordersCsv(lines: Line[]): string {
  const rows = lines.map((l) =>
    [l.order, l.customer, l.at, l.product ?? 'P1', l.category ?? 'Mugs', l.quantity ?? 1, l.amount, l.status ?? 'completed', l.country ?? 'UK'].join(','),
  );
  return [HEADER, ...rows].join('\n') + '\n';
}

/** Loads `lines` as an order export and checks the canonical tables were built. */
export async function loadOrders(db: Db, lines: Line[]): Promise<void> {
  const loaded = await loadFile(db, bytesSource('orders.csv', new TextEncoder().encode(ordersCsv(lines))));
  expect(loaded.problems).toEqual([]);
  expect(loaded.roles).toMatchObject({ customer_id: 'customer_id', order_id: 'order_id', timestamp: 'order_date', status: 'status' });
}

/** A compact line maker: `line('o1', 'a', '2023-01-05 10:00', 10)`. */
export function line(order: string, customer: string, at: string, amount: number, extra: Partial<Line> = {}): Line {
  return { order, customer, at: at.length === 10 ? `${at} 12:00:00` : at.length === 16 ? `${at}:00` : at, amount, ...extra };
}

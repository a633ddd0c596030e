/**
 * BPR (src/models/bpr.ts) on two planted tastes: customers 0-19 buy from products 0-4, customers 20-39 from 5-9,
 * each missing one product of their group. The loss falls, every customer's best unowned product is the
 * missing one of their own group, nothing owned is offered, and one seed gives one model.
 */
import { describe, expect, it } from 'vitest';
import { fitBpr, recommendBpr } from '../../../src/models/bpr';

function tastes() {
  const customer: number[] = [];
  const item: number[] = [];
  for (let u = 0; u < 40; u++) {
    const group = u < 20 ? 0 : 5;
    for (let i = 0; i < 5; i++) {
      if (i === u % 5) continue;
      customer.push(u);
      item.push(group + i);
    }
  }
  return { customers: 40, items: 10, customer: Int32Array.from(customer), item: Int32Array.from(item) };
}

describe('BPR matrix factorisation', () => {
  it('learns the planted tastes: each customer is offered the missing product of their own group first', async () => {
    const data = tastes();
    const model = await fitBpr(data, { factors: 8, epochs: 60, seed: 3 });
    expect(model.losses.at(-1)!).toBeLessThan(0.5 * model.losses[0]!);
    for (let u = 0; u < 40; u++) {
      const owned = Array.from({ length: 5 }, (_, i) => (u < 20 ? 0 : 5) + i).filter((i) => i !== (u < 20 ? 0 : 5) + (u % 5));
      const { items } = recommendBpr(model, u, owned, 3);
      expect(items[0]).toBe((u < 20 ? 0 : 5) + (u % 5));
      expect(items.some((i) => owned.includes(i))).toBe(false);
    }
    const again = await fitBpr(data, { factors: 8, epochs: 60, seed: 3 });
    expect(Array.from(again.itemFactors)).toEqual(Array.from(model.itemFactors));
  });
});

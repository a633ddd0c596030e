/** The generator's shop as an order-lines CSV, for tests that load it through the real load. */
import { LINES_HEADER, ShopCsv } from '../../../samples/csv';
import { generateShop, type Shop } from '../../../samples/shop';

/** The shop of `lines` lines and `seed` (with planted anomalies when asked), and its CSV bytes (header included). */
export function generatedShop(lines: number, seed: number, options: { anomalies?: boolean } = {}): { shop: Shop; bytes: Uint8Array } {
  const shop = generateShop({ lines, seed, ...options });
  const csv = new ShopCsv(shop);
  const parts: Uint8Array[] = [new TextEncoder().encode(`${LINES_HEADER}\n`)];
  for (const chunk of shop.chunks()) parts.push(csv.lines(chunk.lines));
  return { shop, bytes: Buffer.concat(parts) };
}

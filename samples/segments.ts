/**
 * The latent customer segments of the simulated shop. Each has its own gamma-distributed purchase
 * rate, a beta-distributed probability of dropping out after each purchase (BG/NBD-like), basket
 * size, price taste and quantity habits. Shares and parameters are picked so the data looks like a
 * typical small online shop: most customers buy once, a loyal minority carries the revenue.
 */

/** Parameters of one latent segment. */
export interface Segment {
  name: string;
  /** Share of new customers. */
  share: number;
  /** Gamma shape of the yearly purchase rate. */
  rateShape: number;
  /** Mean yearly purchase rate while alive. */
  rateMean: number;
  /** Beta(a, b) of the per-purchase dropout probability. */
  dropoutA: number;
  dropoutB: number;
  /** Mean lines per order (1–5). */
  linesMean: number;
  /** Price taste: negative prefers cheap items, positive expensive ones. */
  priceTilt: number;
  /** Extra chance of buying more than one unit. */
  bulkiness: number;
}

/** Segments in a fixed order; the index is stored per customer. */
export const SEGMENTS: readonly Segment[] = [
  { name: 'one_and_done', share: 0.4, rateShape: 1.5, rateMean: 0.7, dropoutA: 9, dropoutB: 1.5, linesMean: 1.6, priceTilt: 0, bulkiness: 0 },
  { name: 'bargain_hunter', share: 0.23, rateShape: 2, rateMean: 3.2, dropoutA: 2, dropoutB: 4.5, linesMean: 1.9, priceTilt: -1.2, bulkiness: 0.12 },
  { name: 'regular', share: 0.26, rateShape: 3, rateMean: 5, dropoutA: 1.5, dropoutB: 9, linesMean: 2.1, priceTilt: 0, bulkiness: 0.04 },
  { name: 'big_spender', share: 0.11, rateShape: 3, rateMean: 7.5, dropoutA: 1, dropoutB: 12, linesMean: 2.9, priceTilt: 1, bulkiness: 0.2 },
];

/** Segment names in index order. */
export const SEGMENT_NAMES: readonly string[] = SEGMENTS.map((s) => s.name);

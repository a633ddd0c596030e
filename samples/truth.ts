/** The hidden truth per customer, as columns in customer-number order (customer n at index n - 1). */
import type { Timeline } from './simulate';

/** Columns of the hidden truth; every array has one entry per customer. */
export interface TruthTable {
  count: number;
  /** Index into `SEGMENTS`. */
  segment: Uint8Array;
  /** First order, seconds since the calendar start. */
  firstSeconds: Int32Array;
  /** Dropout day since the calendar start, or -1 when alive at the end of the data. */
  dropoutDay: Int32Array;
  purchaseRatePerYear: Float64Array;
  pDropout: Float64Array;
}

/** Reorders the simulated customers by their public number. */
export function buildTruthTable(timeline: Timeline, customerNo: Int32Array, daySeconds: number): TruthTable {
  const { customers } = timeline;
  const count = customers.count;
  const table: TruthTable = {
    count,
    segment: new Uint8Array(count),
    firstSeconds: new Int32Array(count),
    dropoutDay: new Int32Array(count),
    purchaseRatePerYear: new Float64Array(count),
    pDropout: new Float64Array(count),
  };
  for (let c = 0; c < count; c++) {
    const n = customerNo[c]! - 1;
    table.segment[n] = customers.segment[c]!;
    table.firstSeconds[n] = customers.firstDay[c]! * daySeconds + customers.firstSecond[c]!;
    table.dropoutDay[n] = customers.dropoutDay[c]!;
    table.purchaseRatePerYear[n] = customers.ratePerYear[c]!;
    table.pDropout[n] = customers.pDropout[c]!;
  }
  return table;
}

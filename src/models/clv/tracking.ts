/**
 * Model-vs-actual checks over calendar time: the cumulative repeat-purchase tracking curve (FHL 2005,
 * figure 3) and the calibration-vs-holdout comparison binned by calibration frequency (figure 4).
 */

/** Cumulative repeat purchases week by week, actual and expected. */
export interface TrackingSeries {
  /** 1-based period index from the first purchase date in the data. */
  period: number[];
  /** Last day of each period, YYYY-MM-DD. */
  periodEnd: string[];
  actual: number[];
  expected: number[];
  /** Index into the arrays of the period that contains the calibration end. */
  calibrationEndIndex: number;
}

/** What the tracking curve needs from the summary (days since 1970-01-01). */
export interface TrackingInput {
  firstDay: Float64Array;
  dailyRepeats: { day: Float64Array; count: Float64Array };
  calibrationEndDay: number;
  /** Last day tracked (the holdout end, or the calibration end). */
  endDay: number;
  unitDays: number;
}

/**
 * Tracks cumulative repeat purchases per period of `unitDays` days. A period counts the purchases on or
 * before its last day; the expectation for a customer who first bought on day c is E[X((end − c)/unit)].
 */
export function trackingSeries(input: TrackingInput, expectedRepeats: (t: number) => number): TrackingSeries {
  const { firstDay, dailyRepeats, unitDays } = input;
  const cohorts = new Map<number, number>();
  let start = Infinity;
  for (const day of firstDay) {
    cohorts.set(day, (cohorts.get(day) ?? 0) + 1);
    start = Math.min(start, day);
  }
  const cache = new Map<number, number>();
  const expectedAt = (offsetDays: number) => {
    let value = cache.get(offsetDays);
    if (value === undefined) {
      value = expectedRepeats(offsetDays / unitDays);
      cache.set(offsetDays, value);
    }
    return value;
  };
  const periods = Math.max(1, Math.ceil((input.endDay - start + 1) / unitDays));
  const series: TrackingSeries = { period: [], periodEnd: [], actual: [], expected: [], calibrationEndIndex: 0 };
  let cursor = 0;
  let actual = 0;
  for (let p = 1; p <= periods; p++) {
    const end = Math.min(start + p * unitDays - 1, input.endDay);
    while (cursor < dailyRepeats.day.length && dailyRepeats.day[cursor] <= end) actual += dailyRepeats.count[cursor++];
    let expected = 0;
    for (const [day, count] of cohorts) if (end > day) expected += count * expectedAt(end - day);
    series.period.push(p);
    series.periodEnd.push(isoDay(end));
    series.actual.push(actual);
    series.expected.push(expected);
    if (end - unitDays < input.calibrationEndDay && input.calibrationEndDay <= end) series.calibrationEndIndex = p - 1;
  }
  return series;
}

/** One calibration-frequency bin of the holdout check. */
export interface FrequencyBin {
  /** "0" … "6", and "7+" for the last bin. */
  frequency: string;
  customers: number;
  /** Mean holdout repeat purchases per customer. */
  expected: number;
  actual: number;
}

/** Mean expected vs actual holdout purchases by calibration frequency 0, 1, …, (maxBin)+. */
export function holdoutByFrequency(x: Float64Array, expected: Float64Array, actual: Float64Array, maxBin = 7): FrequencyBin[] {
  const bins = Array.from({ length: maxBin + 1 }, (_, i) => ({
    frequency: i === maxBin ? `${maxBin}+` : String(i),
    customers: 0,
    expected: 0,
    actual: 0,
  }));
  for (let i = 0; i < x.length; i++) {
    const bin = bins[Math.min(x[i], maxBin)];
    bin.customers += 1;
    bin.expected += expected[i];
    bin.actual += actual[i];
  }
  for (const bin of bins) {
    bin.expected = bin.customers > 0 ? bin.expected / bin.customers : 0;
    bin.actual = bin.customers > 0 ? bin.actual / bin.customers : 0;
  }
  return bins;
}

/** YYYY-MM-DD of a day number (days since 1970-01-01). */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Expected purchases over the next `horizon` for every (frequency 0..maxX, recency 0..T) at age T. */
export function frequencyRecencyGrid(
  expected: (t: number, x: number, tx: number, T: number) => number,
  T: number,
  horizon: number,
  maxX: number,
): { frequency: number; recency: number; expected: number }[] {
  const cells: { frequency: number; recency: number; expected: number }[] = [];
  const weeks = Math.floor(T);
  for (let x = 0; x <= maxX; x++) {
    for (let recency = 0; recency <= weeks; recency++) {
      if (x === 0 && recency > 0) continue;
      if (x > 0 && recency === 0) continue;
      cells.push({ frequency: x, recency, expected: expected(horizon, x, recency, T) });
    }
  }
  return cells;
}

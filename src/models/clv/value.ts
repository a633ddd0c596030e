/**
 * Customer lifetime value as the `lifetimes` library computes it: expected transactions in each
 * future month, times the expected spend per transaction, discounted monthly and summed.
 */

/** Model time units per month for a model whose unit is `unitDays` days (weeks: 4.345, as lifetimes uses). */
export function unitsPerMonth(unitDays: number): number {
  return 30.415 / unitDays;
}

/**
 * CLV over `months` months: Σ_i spend · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + discount)^i, with f the model
 * time units per month and E[Y(t)] the customer's expected purchases in the next t units.
 */
export function discountedValue(
  expectedPurchases: (t: number) => number,
  spend: number,
  months: number,
  monthlyDiscount: number,
  unitDays: number,
): number {
  const f = unitsPerMonth(unitDays);
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const current = expectedPurchases(i * f);
    value += (spend * (current - previous)) / (1 + monthlyDiscount) ** i;
    previous = current;
  }
  return value;
}

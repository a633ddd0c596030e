/**
 * What goes into an order: the first item comes from the customer's favourite categories (or the
 * shop's popular ones), later items are often complements of what is already in the basket or
 * siblings from the same category. Quantities and prices follow the customer's segment, a yearly
 * price rise and the Black Friday sale.
 */
import type { Catalog } from './catalog';
import { shelfPriceCents } from './catalog';
import type { Random } from './random';
import { SEGMENTS } from './segments';

const COMPLEMENT_CHANCE = 0.45;
const SAME_CATEGORY_CHANCE = 0.3;
const YEARLY_PRICE_RISE = 0.04;
const SALE_DISCOUNT = 0.8;

/** A customer's buying traits. */
export interface Shopper {
  segment: number;
  favouriteCategory: number;
  secondCategory: number;
}

/** Fills `out[0 .. count)` with distinct products for one order. */
export function chooseBasket(catalog: Catalog, shopper: Shopper, count: number, random: Random, out: Int32Array): void {
  for (let i = 0; i < count; i++) {
    let product = -1;
    for (let attempt = 0; attempt < 8 && (product < 0 || contains(out, i, product)); attempt++) {
      product = i === 0 ? pickFresh(catalog, shopper, random) : pickFollowUp(catalog, shopper, out, i, random);
    }
    while (contains(out, i, product)) product = (product + 1) % catalog.productId.length;
    out[i] = product;
  }
}

function pickFresh(catalog: Catalog, shopper: Shopper, random: Random): number {
  const r = random.next();
  const category =
    r < 0.45 ? shopper.favouriteCategory : r < 0.65 ? shopper.secondCategory : random.pickCumulative(catalog.categoryCumulative);
  return pickInCategory(catalog, shopper, category, random);
}

function pickFollowUp(catalog: Catalog, shopper: Shopper, basket: Int32Array, filled: number, random: Random): number {
  const r = random.next();
  const anchor = basket[random.int(filled)]!;
  if (r < COMPLEMENT_CHANCE) {
    const from = catalog.complementStart[anchor]!;
    const partners = catalog.complementStart[anchor + 1]! - from;
    if (partners > 0) return catalog.complements[from + random.int(partners)]!;
  }
  if (r < COMPLEMENT_CHANCE + SAME_CATEGORY_CHANCE) return pickInCategory(catalog, shopper, catalog.category[anchor]!, random);
  return pickFresh(catalog, shopper, random);
}

function pickInCategory(catalog: Catalog, shopper: Shopper, category: number, random: Random): number {
  return random.pickCumulative(catalog.productCumulative[shopper.segment]!, catalog.categoryStart[category]!, catalog.categoryStart[category + 1]!);
}

function contains(values: Int32Array, length: number, value: number): boolean {
  for (let i = 0; i < length; i++) if (values[i] === value) return true;
  return false;
}

/** Units bought of one product: mostly 1, more for cheap items and bulk-buying segments. */
export function chooseQuantity(priceCents: number, segment: number, random: Random): number {
  const bulk = SEGMENTS[segment]!.bulkiness + (priceCents < 800 ? 0.12 : 0);
  if (!random.chance(0.12 + bulk)) return 1;
  return random.chance(0.7) ? 2 : 3 + random.int(4);
}

/** Shelf prices in cents per year of the period and product (`[year * products + product]`), rising each year. */
export function yearlyPriceList(catalog: Catalog, years: number): Int32Array {
  const size = catalog.priceCents.length;
  const prices = new Int32Array((years + 1) * size);
  for (let year = 0; year <= years; year++) {
    for (let p = 0; p < size; p++) {
      const list = catalog.priceCents[p]!;
      prices[year * size + p] = year === 0 ? list : shelfPriceCents((list / 100) * Math.pow(1 + YEARLY_PRICE_RISE, year));
    }
  }
  return prices;
}

/** Unit price in cents on a day: the year's shelf price, 20% off on sale days. */
export function unitPriceCents(prices: Int32Array, products: number, product: number, day: number, saleDay: boolean): number {
  const shelf = prices[Math.floor(day / 365.25) * products + product]!;
  return saleDay ? Math.round(shelf * SALE_DISCOUNT) : shelf;
}

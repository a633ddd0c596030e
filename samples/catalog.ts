/**
 * The product catalogue of the simulated shop: ~300 products in 12 categories with log-normal
 * prices, skewed popularity, and bundles of complementary products (often bought together), so
 * basket rules and recommenders have something true to find.
 */
import { SEGMENTS } from './segments';
import { cumulate, Random } from './random';

interface CategorySpec {
  name: string;
  medianPrice: number;
  popularity: number;
  nouns: string[];
}

const CATEGORIES: CategorySpec[] = [
  { name: 'Coffee & Tea', medianPrice: 11, popularity: 1.6, nouns: ['Espresso Beans', 'Filter Coffee', 'Green Tea', 'Chai Blend', 'Earl Grey', 'Cold Brew Pack', 'Herbal Infusion', 'Matcha Powder'] },
  { name: 'Kitchen', medianPrice: 28, popularity: 1.2, nouns: ['Pour-Over Dripper', 'French Press', 'Milk Frother', 'Chef Knife', 'Cutting Board', 'Tea Kettle', 'Spice Grinder', 'Measuring Set'] },
  { name: 'Tableware', medianPrice: 14, popularity: 1.3, nouns: ['Mug', 'Teacup', 'Dinner Plate', 'Serving Bowl', 'Tumbler', 'Espresso Cup', 'Carafe', 'Saucer Set'] },
  { name: 'Home Decor', medianPrice: 32, popularity: 1.0, nouns: ['Vase', 'Picture Frame', 'Wall Mirror', 'Table Lamp', 'Plant Pot', 'Bookend Pair', 'Wall Clock', 'Storage Basket'] },
  { name: 'Candles & Scents', medianPrice: 16, popularity: 1.1, nouns: ['Pillar Candle', 'Scented Candle', 'Reed Diffuser', 'Tealight Pack', 'Candle Holder', 'Room Spray', 'Wax Melts', 'Incense Sticks'] },
  { name: 'Bath & Body', medianPrice: 9, popularity: 1.0, nouns: ['Hand Soap', 'Body Lotion', 'Bath Salts', 'Shower Gel', 'Lip Balm', 'Hand Cream', 'Bath Bomb', 'Soap Dish'] },
  { name: 'Stationery', medianPrice: 7, popularity: 0.8, nouns: ['Notebook', 'Fountain Pen', 'Sticky Notes', 'Weekly Planner', 'Pencil Set', 'Washi Tape', 'Desk Organiser', 'Sketchbook'] },
  { name: 'Garden', medianPrice: 18, popularity: 0.7, nouns: ['Watering Can', 'Seed Kit', 'Pruning Shears', 'Garden Gloves', 'Bird Feeder', 'Herb Planter', 'Plant Food', 'Hose Nozzle'] },
  { name: 'Kids & Toys', medianPrice: 19, popularity: 0.8, nouns: ['Wooden Puzzle', 'Plush Bear', 'Building Blocks', 'Crayon Set', 'Picture Book', 'Stacking Rings', 'Toy Car', 'Play Dough'] },
  { name: 'Pet Supplies', medianPrice: 12, popularity: 0.7, nouns: ['Dog Treats', 'Cat Toy', 'Pet Bowl', 'Dog Leash', 'Pet Bed', 'Chew Bone', 'Grooming Brush', 'Catnip Pouch'] },
  { name: 'Textiles', medianPrice: 29, popularity: 0.9, nouns: ['Throw Blanket', 'Cushion Cover', 'Tea Towel', 'Bath Towel', 'Table Runner', 'Apron', 'Linen Napkins', 'Bed Sheet'] },
  { name: 'Gifts & Cards', medianPrice: 5, popularity: 0.9, nouns: ['Birthday Card', 'Gift Wrap', 'Gift Box', 'Thank-You Card', 'Ribbon Roll', 'Gift Bag', 'Postcard Set', 'Advent Calendar'] },
];

const ADJECTIVES = ['Classic', 'Organic', 'Nordic', 'Rustic', 'Mini', 'Large', 'Deluxe', 'Vintage', 'Sage', 'Ocean', 'Amber', 'Terracotta', 'Midnight', 'Alpine', 'Linen White'];
const PRODUCTS_PER_CATEGORY = 25;
const RELATED_CATEGORIES: [number, number][] = [
  [0, 1], [0, 2], [0, 0], [2, 10], [4, 3], [5, 10], [5, 4], [6, 11], [8, 11], [7, 3], [9, 10], [1, 10], [1, 2], [3, 3], [4, 11],
];
const BUNDLES = 64;

/** Products, prices, popularity and complements; product index = position in these arrays. */
export interface Catalog {
  categories: string[];
  productId: string[];
  productName: string[];
  category: Uint8Array;
  priceCents: Int32Array;
  /** First product index of each category (length categories + 1). */
  categoryStart: Int32Array;
  /** Cumulative category popularity for picking a category. */
  categoryCumulative: Float64Array;
  /** Per segment: cumulative product weight (popularity × price taste), picked within a category range. */
  productCumulative: Float64Array[];
  /** Complements of product i are complements[complementStart[i] .. complementStart[i + 1]). */
  complementStart: Int32Array;
  complements: Int32Array;
}

/** Builds the catalogue deterministically from a seed. */
export function buildCatalog(seed: number): Catalog {
  const random = new Random(seed, 11);
  const size = CATEGORIES.length * PRODUCTS_PER_CATEGORY;
  const productId: string[] = [];
  const productName: string[] = [];
  const category = new Uint8Array(size);
  const priceCents = new Int32Array(size);
  const popularity = new Float64Array(size);
  const categoryStart = new Int32Array(CATEGORIES.length + 1);
  CATEGORIES.forEach((spec, c) => {
    categoryStart[c] = productId.length;
    const names = uniqueNames(spec.nouns, random);
    const ranks = shuffled(PRODUCTS_PER_CATEGORY, random);
    for (let k = 0; k < PRODUCTS_PER_CATEGORY; k++) {
      const i = productId.length;
      productId.push(`P${1001 + i}`);
      productName.push(names[k]!);
      category[i] = c;
      priceCents[i] = shelfPriceCents(random.lognormal(Math.log(spec.medianPrice), 0.45));
      popularity[i] = 1 / Math.pow(ranks[k]! + 1, 0.9);
    }
  });
  categoryStart[CATEGORIES.length] = size;
  const productCumulative = SEGMENTS.map((segment) =>
    cumulate(Array.from(popularity, (w, i) => w * Math.pow(priceCents[i]! / 100 / CATEGORIES[category[i]!]!.medianPrice, segment.priceTilt))),
  );
  const { complementStart, complements } = buildComplements(random, categoryStart, popularity);
  return {
    categories: CATEGORIES.map((c) => c.name),
    productId,
    productName,
    category,
    priceCents,
    categoryStart,
    categoryCumulative: cumulate(CATEGORIES.map((c) => c.popularity)),
    productCumulative,
    complementStart,
    complements,
  };
}

/** A psychological shelf price in cents: x.49 / x.99 below 10, x.99 above. */
export function shelfPriceCents(price: number): number {
  if (price < 10) return Math.max(99, Math.round(price * 2) * 50 - 1);
  return Math.round(price) * 100 - 1;
}

function uniqueNames(nouns: string[], random: Random): string[] {
  const combos = ADJECTIVES.flatMap((a) => nouns.map((n) => `${a} ${n}`));
  return shuffled(combos.length, random).slice(0, PRODUCTS_PER_CATEGORY).map((i) => combos[i]!);
}

function shuffled(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function buildComplements(random: Random, categoryStart: Int32Array, popularity: Float64Array) {
  const partners: Set<number>[] = Array.from({ length: popularity.length }, () => new Set<number>());
  const popular = (c: number) => {
    const from = categoryStart[c]!;
    const weights = cumulate(Array.from(popularity.subarray(from, categoryStart[c + 1]!), (w) => w));
    return from + random.pickCumulative(weights);
  };
  for (let b = 0; b < BUNDLES; b++) {
    const [c1, c2] = RELATED_CATEGORIES[b % RELATED_CATEGORIES.length]!;
    const members = [popular(c1), popular(c2)];
    if (random.chance(0.25)) members.push(popular(random.chance(0.5) ? c1 : c2));
    for (const a of members) for (const z of members) if (a !== z) partners[a]!.add(z);
  }
  const complementStart = new Int32Array(popularity.length + 1);
  const flat: number[] = [];
  partners.forEach((set, i) => {
    complementStart[i] = flat.length;
    flat.push(...set);
  });
  complementStart[popularity.length] = flat.length;
  return { complementStart, complements: Int32Array.from(flat) };
}

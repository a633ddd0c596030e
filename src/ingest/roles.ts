/**
 * Role detection: which column is the customer, the order, the timestamp… Each (column, role) pair
 * gets a score from its header (role-headers.ts) and its values (the profile and the dependencies
 * between columns); values that contradict a header void it. Roles are then assigned together (the
 * best total score, assignment.ts), and a role whose best score is below MIN_SCORE stays unmapped with
 * the reason shown, so the mapping form asks instead of the analyses guessing.
 *
 * A header is needed for the customer: values alone ("looks like an id") never map it in a file that
 * has a header. Without a header, values are all there is: they count for more, and the dependencies
 * between columns tell an order (it fixes the time) and an item (it fixes a category) from a customer.
 */
import { bestAssignment } from './assignment';
import { isIdentifierLike } from './profile';
import { normalizeHeader, ROLE_HEADERS } from './role-headers';
import { ROLES, type ColumnEvidence, type ColumnProfile, type Role, type RoleGuess, type RoleMap } from './types';
import { eventTypeOf, STATUS_WORDS } from './vocabulary';
import { each, say, type Localized } from '../text/language';

/** Lowest score that maps a column to a role. */
export const MIN_SCORE = 0.5;
/** What the lack of a header adds to value evidence (no header is no evidence against a role). */
const HEADERLESS_BONUS = 0.2;

interface Candidate {
  score: number;
  reason: Localized;
  /** A header named the role but the values contradicted it. */
  voided?: boolean;
}

/** Proposes one column (or none) for every role, with a confidence and a plain reason. */
export function detectRoles(evidence: ColumnEvidence): RoleGuess[] {
  const { profiles } = evidence;
  const structure = structureOf(evidence);
  const candidates: (Candidate | null)[][] = ROLES.map((role) => profiles.map((column) => scoreColumn(role, column, evidence, structure)));
  // Among equal scores the earlier column wins (a tiny, deterministic preference).
  const scores = candidates.map((row) =>
    row.map((c, index) => (c !== null && c.score >= MIN_SCORE ? c.score - index * 1e-6 : null)),
  );
  const assigned = bestAssignment(scores);
  return ROLES.map((role, r) => {
    const index = assigned[r];
    if (index !== null && index !== undefined) {
      const pick = candidates[r]![index]!;
      return { role, column: profiles[index]!.name, confidence: round(Math.min(pick.score, 0.99)), reason: pick.reason };
    }
    return { role, column: null, confidence: 0, reason: unmappedReason(role, candidates[r]!, profiles) };
  });
}

/** The role -> column map of a set of guesses (roles without a column left out). */
export function roleMapOf(guesses: RoleGuess[]): RoleMap {
  const map: RoleMap = {};
  for (const guess of guesses) if (guess.column !== null) map[guess.role] = guess.column;
  return map;
}

/**
 * A column named like an event type whose values are no known events (Snowplow's `event` = `unstruct`):
 * the file is an event log whose purchases cannot be told apart. Null when there is none.
 */
export function unrecognisedEventColumn(profiles: ColumnProfile[]): string | null {
  const named = profiles.find((p) => ROLE_HEADERS.event_type.exact.includes(normalizeHeader(p.name)) && p.nonNull > 0);
  return named && !named.examples.some((v) => eventTypeOf(v) !== null) ? named.name : null;
}

/** Things that do not stop a load but limit what the analyses can say. */
export function roleWarnings(roles: RoleMap | RoleGuess[]): Localized[] {
  const map = Array.isArray(roles) ? roleMapOf(roles) : roles;
  const warnings: Localized[] = [];
  if (!map.amount && !map.unit_price) {
    warnings.push(say('No column gives an amount or a price, so revenue is unknown: value and revenue analyses will be empty.', '没有哪一列给出金额或价格，因此收入未知：价值和收入分析将为空。'));
  }
  if (!map.order_id && !map.event_type) {
    warnings.push(say('No column gives an order number, so purchases by one customer at the same time count as one order.', '没有哪一列给出订单号，因此同一客户在同一时间的购买算作一个订单。'));
  }
  if (!map.product_id && !map.product_name) {
    warnings.push(say('No column names the product, so recommendations and basket analysis are not available.', '没有哪一列标明商品，因此无法使用推荐和购物篮分析。'));
  }
  return warnings;
}

/** A stable key for a file layout (its column names in order), to remember a user's mapping. */
export function layoutKey(columnNames: string[]): string {
  const text = columnNames.map((name) => name.trim().toLowerCase()).join('\u001f');
  return `layout-${columnNames.length}-${fnv1a(text)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) {
    hash ^= unit;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** How each role is named in reasons shown to the user. */
export const ROLE_LABELS: Record<Role, Localized> = {
  customer_id: say('a customer id', '客户编号'),
  order_id: say('an order or invoice number', '订单号或发票号'),
  timestamp: say('a purchase date or time', '购买日期或时间'),
  amount: say('an amount (line or order total)', '金额（行金额或订单总额）'),
  quantity: say('a quantity', '数量'),
  unit_price: say('a unit price', '单价'),
  product_id: say('a product id or SKU', '商品编号或 SKU'),
  product_name: say('a product name', '商品名称'),
  category: say('a product category', '商品类别'),
  event_type: say('an event type (view, cart, purchase…)', '事件类型（浏览、加购、购买…）'),
  status: say('an order status', '订单状态'),
  session_id: say('a session id', '会话编号'),
  country: say('a country', '国家'),
  refund: say('a refunded amount', '退款金额'),
  currency: say('a currency', '币种'),
};

/**
 * Why a role has no column: a column whose header named the role but whose values ruled it out, else
 * the nearest candidate and what it lacked, or that none came close.
 */
function unmappedReason(role: Role, candidates: (Candidate | null)[], profiles: ColumnProfile[]): Localized {
  const best = (keep: (c: Candidate) => boolean): number => {
    let index = -1;
    candidates.forEach((c, i) => {
      if (c && c.score > 0 && keep(c) && (index < 0 || c.score > candidates[index]!.score)) index = i;
    });
    return index;
  };
  const voided = best((c) => c.voided === true);
  const label = ROLE_LABELS[role];
  if (voided >= 0) {
    const why = candidates[voided]!.reason;
    return say(`Not mapped: ${why.en}. Pick a column here if one is right.`, `未映射：${why['zh-CN']}。如果有合适的列，请在这里选择。`);
  }
  const nearest = best(() => true);
  if (nearest < 0) return say(`No column looks like ${label.en}.`, `没有哪一列看起来像${label['zh-CN']}。`);
  const near = candidates[nearest]!;
  const name = profiles[nearest]!.name;
  const why = near.reason;
  if (near.score >= MIN_SCORE) {
    return say(
      `“${name}” fits ${label.en} (${why.en}) but plays another role; pick it here if that is wrong.`,
      `“${name}”符合${label['zh-CN']}（${why['zh-CN']}），但已用作其他角色；如果不对，请在这里选择它。`,
    );
  }
  return say(
    `Not sure enough to map ${label.en}: “${name}” comes closest (${why.en}). Pick the column here if it is the right one.`,
    `不够确定，未映射${label['zh-CN']}：“${name}”最接近（${why['zh-CN']}）。如果它是正确的列，请在这里选择它。`,
  );
}

// ---- structure between columns -----------------------------------------------------------------

/** What the dependencies say each identifier column is: an order (fixes the time), an item (fixes a category)… */
interface Structure {
  orderLike: Set<string>;
  itemLike: Set<string>;
  /** Dependents of an item-like column (its category). */
  categoryLike: Set<string>;
  /** Dependents of an order-like column that are identifiers (its customer). */
  ownedByOrder: Set<string>;
}

const NO_STRUCTURE: Structure = { orderLike: new Set(), itemLike: new Set(), categoryLike: new Set(), ownedByOrder: new Set() };

/**
 * How columns depend on each other only speaks where there is no header: with one, a customer column
 * also fixes its city and phone, which would look like an item fixing its category.
 */
function structureOf({ profiles, dependencies, hasHeader }: ColumnEvidence): Structure {
  if (hasHeader) return NO_STRUCTURE;
  const dates = new Set(profiles.filter((p) => p.dateShare >= 0.8).map((p) => p.name));
  const orderLike = new Set(dependencies.filter((d) => dates.has(d.dependent)).map((d) => d.determinant));
  const idDependencies = dependencies.filter((d) => !dates.has(d.dependent));
  const itemLike = new Set(idDependencies.filter((d) => !orderLike.has(d.determinant)).map((d) => d.determinant));
  const categoryLike = new Set(idDependencies.filter((d) => itemLike.has(d.determinant)).map((d) => d.dependent));
  const ownedByOrder = new Set(idDependencies.filter((d) => orderLike.has(d.determinant)).map((d) => d.dependent));
  return { orderLike, itemLike, categoryLike, ownedByOrder };
}

// ---- scoring ----------------------------------------------------------------------------------

function scoreColumn(role: Role, column: ColumnProfile, evidence: ColumnEvidence, structure: Structure): Candidate | null {
  const header = evidence.hasHeader ? headerScore(role, column.name) : null;
  const values = valueEvidence(role, column, structure, evidence.hasHeader);
  if (header) {
    const contradiction = values.contradiction;
    if (contradiction) return { score: header.score * 0.3, reason: each((l) => `${header.reason[l]}${l === 'en' ? ', but ' : '，但'}${contradiction[l]}`), voided: true };
    const bonus = values.support ? 0.05 : 0;
    const support = values.support;
    return { score: header.score + bonus, reason: support ? each((l) => `${header.reason[l]}${l === 'en' ? '; ' : '；'}${support[l]}`) : header.reason };
  }
  if (values.alone > 0 && !values.contradiction) {
    const score = values.alone + (evidence.hasHeader ? 0 : HEADERLESS_BONUS);
    const source = evidence.hasHeader ? say('guessed from the values only', '仅根据值推测') : say('the file has no header, so guessed from the values', '文件没有表头，因此根据值推测');
    const support = values.support ?? say('values fit', '值符合');
    return { score, reason: each((l) => (l === 'en' ? `${support.en} (${source.en} — please check)` : `${support[l]}（${source[l]}——请核对）`)) };
  }
  return null;
}

function headerScore(role: Role, name: string): { score: number; reason: Localized } | null {
  const key = normalizeHeader(name);
  if (key === '') return null;
  const headers = ROLE_HEADERS[role];
  if (headers.never?.includes(key)) return null;
  const position = headers.exact.indexOf(key);
  if (position >= 0) {
    return {
      score: 0.9 - (0.1 * position) / headers.exact.length,
      reason: say(`the header “${name}” is a usual name for ${ROLE_LABELS[role].en}`, `表头“${name}”是${ROLE_LABELS[role]['zh-CN']}的常用名称`),
    };
  }
  if (headers.notWords?.some((w) => key.includes(w))) return null;
  const word = headers.partial.find((w) => key.includes(w));
  if (word) return { score: 0.55, reason: say(`the header “${name}” mentions “${word}”`, `表头“${name}”提到了“${word}”`) };
  return null;
}

interface ValueEvidence {
  /** A sentence supporting the role, when the values fit it. */
  support?: Localized;
  /** A sentence saying why the values cannot play the role. */
  contradiction?: Localized;
  /** Score from the values alone (no header match); 0 when values alone are no evidence. */
  alone: number;
}

const SHOPIFY_ORDER_NAME = /^#?[A-Z]{0,4}-?\d{3,}$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const STRIPE_CHARGE = /^(ch|py)_[A-Za-z0-9]{8,}$/;
/** Customer ids must repeat: a column unique on every one of this many rows is a row or order number. */
const UNIQUE_ROWS = 100;

function valueEvidence(role: Role, p: ColumnProfile, structure: Structure, hasHeader: boolean): ValueEvidence {
  if (p.nonNull === 0) return { contradiction: say('the column is empty', '该列是空的'), alone: 0 };
  // A few odd values (`inf`, `n.a.`, a stray character) do not stop a named number column from being one.
  const numbers = p.numericShare >= 0.5;
  const decimals = p.numericShare >= 0.9 && p.integerShare < 0.5;
  const dateLike = p.dateShare >= 0.8;
  // Long numbers may read as Unix times; only written dates (`2023-05-01`) rule out an id.
  const writtenDates = dateLike && p.numericShare < 0.9;
  const json = p.jsonShare >= 0.5 ? say('its values are JSON documents', '它的值是 JSON 文档') : undefined;
  const precise = numbers && p.preciseShare >= 0.5 ? say('its values have many decimals, like coordinates or rates, not money', '它的值有很多位小数，像坐标或比率，不像金额') : undefined;
  const hashNames = p.examples.length > 0 && p.examples.every((v) => v.startsWith('#') && SHOPIFY_ORDER_NAME.test(v));
  const stripeCharges = p.examples.length > 0 && p.examples.every((v) => STRIPE_CHARGE.test(v));
  switch (role) {
    case 'customer_id': {
      if (json) return { contradiction: json, alone: 0 };
      if (p.filledShare < 0.2) return { contradiction: say('almost every row leaves it empty', '几乎每一行都是空的'), alone: 0 };
      if (writtenDates) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (decimals) return { contradiction: say('its values are amounts with decimals', '它的值是带小数的金额'), alone: 0 };
      if (p.distinct === p.nonNull && p.nonNull >= UNIQUE_ROWS) {
        return { contradiction: say('every row has its own value, so nobody would ever buy twice: it looks like a row or order number', '每一行的值都不同，这样就没有人会购买两次：它看起来像行号或订单号'), alone: 0 };
      }
      if (p.emailShare >= 0.5) return { support: say('values are e-mail addresses', '值是电子邮件地址'), alone: 0.6 };
      if (hashNames) return { contradiction: say('its values look like order numbers (#1001)', '它的值看起来像订单号（#1001）'), alone: 0 };
      if (structure.orderLike.has(p.name)) return { contradiction: say('each value has one date and time, like an order number', '每个值只对应一个日期时间，像订单号'), alone: 0 };
      if (structure.itemLike.has(p.name)) return { contradiction: say('each value belongs to one group of another column, like a product in its category', '每个值属于另一列的某一组，像商品属于其类别'), alone: 0 };
      if (structure.categoryLike.has(p.name)) return { contradiction: say('its values group the values of another column, like a category', '它的值把另一列的值分组，像类别'), alone: 0 };
      if (!hasHeader && p.smallCountShare >= 0.9 && p.distinct <= 30) return { contradiction: say('its values are a few small numbers, like quantities', '它的值是少数几个小数字，像数量'), alone: 0 };
      if (!isIdentifierLike(p) || p.spacedShare >= 0.5) return { alone: 0 };
      if (structure.ownedByOrder.has(p.name)) return { support: say('each order has one of its values, as each order has one customer', '每个订单对应它的一个值，就像每个订单只有一位客户'), alone: 0.4 };
      return { support: say(`values look like ids that repeat (${p.distinct} different in the first rows)`, `值看起来像会重复出现的编号（前几行中有 ${p.distinct} 个不同的值）`), alone: 0.3 };
    }
    case 'order_id':
      if (json) return { contradiction: json, alone: 0 };
      if (writtenDates) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (decimals) return { contradiction: say('its values are amounts with decimals', '它的值是带小数的金额'), alone: 0 };
      if (hashNames) return { support: say('values look like order numbers (#1001)', '值看起来像订单号（#1001）'), alone: 0.92 };
      if (stripeCharges) return { support: say('values are Stripe charge ids (ch_…)', '值是 Stripe 支付编号（ch_…）'), alone: 0.9 };
      if (structure.orderLike.has(p.name)) return { support: say('each value has one date and time, like an order number', '每个值只对应一个日期时间，像订单号'), alone: 0.4 };
      return { alone: 0 };
    case 'timestamp':
      if (p.dateShare >= 0.5) return { support: say('values are dates', '值是日期'), alone: 0.5 };
      return { contradiction: say('its values do not look like dates', '它的值看起来不像日期'), alone: 0 };
    case 'amount':
    case 'unit_price':
    case 'refund': {
      if (!numbers) return { contradiction: say('its values are not numbers', '它的值不是数字'), alone: 0 };
      if (dateLike) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (precise) return { contradiction: precise, alone: 0 };
      const money = decimals && p.numericShare >= 0.8 && p.preciseShare < 0.2;
      return role === 'amount' && money ? { support: say('values are amounts', '值是金额'), alone: 0.4 } : { alone: 0 };
    }
    case 'quantity': {
      if (!numbers) return { contradiction: say('its values are not numbers', '它的值不是数字'), alone: 0 };
      if (dateLike) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (p.positiveShare < 0.5) return { contradiction: say('most of its values are zero or negative', '它的大部分值是零或负数'), alone: 0 };
      if (p.integerShare < 0.5) return { contradiction: say('its values have decimals, like money', '它的值带小数，像金额'), alone: 0 };
      if (p.numericShare >= 0.8 && p.smallCountShare >= 0.8 && p.distinct >= 2 && p.distinct <= 200) {
        return { support: say('values are small whole numbers', '值是较小的整数'), alone: 0.35 };
      }
      return { alone: 0 };
    }
    case 'event_type': {
      const known = p.examples.filter((v) => eventTypeOf(v) !== null).length;
      if (known >= 2) return { support: say(`values are events (${p.examples.slice(0, 4).join(', ')})`, `值是事件（${p.examples.slice(0, 4).join('、')}）`), alone: 0.7 };
      return known === 0 ? { contradiction: say('its values are not event names (view, cart, purchase…)', '它的值不是事件名称（浏览、加购、购买…）'), alone: 0 } : { alone: 0 };
    }
    case 'status': {
      const known = p.examples.filter((v) => STATUS_WORDS.includes(v.toLowerCase())).length;
      if (known >= 1) return { support: say(`values are order statuses (${p.examples.slice(0, 4).join(', ')})`, `值是订单状态（${p.examples.slice(0, 4).join('、')}）`), alone: 0.5 };
      if (numbers || dateLike) return { contradiction: say('its values are not statuses', '它的值不是订单状态'), alone: 0 };
      return { alone: 0 };
    }
    case 'currency':
      if (p.examples.length > 0 && p.examples.every((v) => CURRENCY_CODE.test(v))) {
        return { support: say(`values are currency codes (${p.examples.slice(0, 3).join(', ')})`, `值是币种代码（${p.examples.slice(0, 3).join('、')}）`), alone: 0.45 };
      }
      return numbers || dateLike ? { contradiction: say('its values are not currencies', '它的值不是币种'), alone: 0 } : { alone: 0 };
    case 'country':
    case 'product_name':
      if (numbers || dateLike) return { contradiction: say('its values are numbers or dates', '它的值是数字或日期'), alone: 0 };
      if (json) return { contradiction: json, alone: 0 };
      return { alone: 0 };
    case 'product_id':
      if (dateLike) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (decimals) return { contradiction: say('its values are amounts with decimals', '它的值是带小数的金额'), alone: 0 };
      if (json) return { contradiction: json, alone: 0 };
      if (structure.itemLike.has(p.name)) return { support: say('each value belongs to one group of another column, like a product in its category', '每个值属于另一列的某一组，像商品属于其类别'), alone: 0.35 };
      return { alone: 0 };
    case 'category':
      if (dateLike) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (decimals) return { contradiction: say('its values are amounts with decimals', '它的值是带小数的金额'), alone: 0 };
      if (json) return { contradiction: json, alone: 0 };
      if (structure.categoryLike.has(p.name)) return { support: say('its values group the values of another column, like categories', '它的值把另一列的值分组，像类别'), alone: 0.35 };
      return { alone: 0 };
    case 'session_id':
      if (dateLike) return { contradiction: say('its values are dates', '它的值是日期'), alone: 0 };
      if (decimals) return { contradiction: say('its values are amounts with decimals', '它的值是带小数的金额'), alone: 0 };
      return { alone: 0 };
  }
}

/**
 * Role detection: which column is the customer, the order, the timestamp… Each (column, role) pair
 * gets a score from its header (role-headers.ts) and its values (the profile); pairs are then taken
 * best first, so each column plays at most one role and each role has at most one column.
 * Without a header (or with an unknown one) value evidence alone gives low-confidence guesses.
 */
import { normalizeHeader, ROLE_HEADERS } from './role-headers';
import { ROLES, type ColumnProfile, type Role, type RoleGuess, type RoleMap } from './types';
import { eventTypeOf, STATUS_WORDS } from './vocabulary';

interface Candidate {
  role: Role;
  column: ColumnProfile;
  score: number;
  reason: string;
}

/** Lowest score that still proposes a column. */
const MIN_SCORE = 0.2;

/** Proposes one column (or none) for every role, with a confidence and a plain reason. */
export function detectRoles(profiles: ColumnProfile[]): RoleGuess[] {
  const candidates = profiles.flatMap((column) =>
    ROLES.map((role) => scoreColumn(role, column)).filter((c): c is Candidate => c !== null && c.score >= MIN_SCORE),
  );
  candidates.sort(
    (a, b) => b.score - a.score || ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.column.index - b.column.index,
  );
  const chosen = new Map<Role, Candidate>();
  const used = new Set<number>();
  for (const candidate of candidates) {
    if (chosen.has(candidate.role) || used.has(candidate.column.index)) continue;
    chosen.set(candidate.role, candidate);
    used.add(candidate.column.index);
  }
  return ROLES.map((role) => {
    const pick = chosen.get(role);
    return pick
      ? { role, column: pick.column.name, confidence: round(Math.min(pick.score, 0.99)), reason: pick.reason }
      : { role, column: null, confidence: 0, reason: noColumnReason(role) };
  });
}

/** The role -> column map of a set of guesses (roles without a column left out). */
export function roleMapOf(guesses: RoleGuess[]): RoleMap {
  const map: RoleMap = {};
  for (const guess of guesses) if (guess.column !== null) map[guess.role] = guess.column;
  return map;
}

/** Problems that stop a load: the user-facing message for each missing essential role. */
export function missingRoles(roles: RoleMap | RoleGuess[]): string[] {
  const map = Array.isArray(roles) ? roleMapOf(roles) : roles;
  const problems: string[] = [];
  if (!map.customer_id) {
    problems.push(
      'This file has no column that looks like a customer id. Pick one in the mapping form, or load an order export.',
    );
  }
  if (!map.timestamp) {
    problems.push(
      'This file has no column that looks like a date or time of purchase. Pick one in the mapping form, or load an order export.',
    );
  }
  return problems;
}

/** Things that do not stop a load but limit what the analyses can say. */
export function roleWarnings(roles: RoleMap | RoleGuess[]): string[] {
  const map = Array.isArray(roles) ? roleMapOf(roles) : roles;
  const warnings: string[] = [];
  if (!map.amount && !map.unit_price) {
    warnings.push('No column gives an amount or a price, so revenue is unknown: value and revenue analyses will be empty.');
  }
  if (!map.order_id && !map.event_type) {
    warnings.push('No column gives an order number, so purchases by one customer at the same time count as one order.');
  }
  if (!map.product_id && !map.product_name) {
    warnings.push('No column names the product, so recommendations and basket analysis are not available.');
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

function noColumnReason(role: Role): string {
  return `No column looks like ${ROLE_LABELS[role]}.`;
}

/** How each role is named in reasons shown to the user. */
export const ROLE_LABELS: Record<Role, string> = {
  customer_id: 'a customer id',
  order_id: 'an order or invoice number',
  timestamp: 'a purchase date or time',
  amount: 'an amount (line or order total)',
  quantity: 'a quantity',
  unit_price: 'a unit price',
  product_id: 'a product id or SKU',
  product_name: 'a product name',
  category: 'a product category',
  event_type: 'an event type (view, cart, purchase…)',
  status: 'an order status',
  session_id: 'a session id',
  country: 'a country',
};

// ---- scoring ----------------------------------------------------------------------------------

function scoreColumn(role: Role, column: ColumnProfile): Candidate | null {
  const header = headerScore(role, column.name);
  const values = valueEvidence(role, column);
  if (header) {
    if (values.contradiction) {
      return { role, column, score: header.score * 0.3, reason: `${header.reason}, but ${values.contradiction}` };
    }
    const bonus = values.support ? 0.05 : 0;
    return { role, column, score: header.score + bonus, reason: values.support ? `${header.reason}; ${values.support}` : header.reason };
  }
  if (values.alone > 0 && !values.contradiction) {
    return { role, column, score: values.alone, reason: `${values.support ?? 'values fit'} (guessed from the values only — please check)` };
  }
  return null;
}

function headerScore(role: Role, name: string): { score: number; reason: string } | null {
  const key = normalizeHeader(name);
  if (key === '') return null;
  const headers = ROLE_HEADERS[role];
  if (headers.never?.includes(key)) return null;
  const position = headers.exact.indexOf(key);
  if (position >= 0) {
    return {
      score: 0.9 - (0.1 * position) / headers.exact.length,
      reason: `the header “${name}” is a usual name for ${ROLE_LABELS[role]}`,
    };
  }
  const word = headers.partial.find((w) => key.includes(w));
  if (word) return { score: 0.55, reason: `the header “${name}” mentions “${word}”` };
  return null;
}

interface ValueEvidence {
  /** A sentence supporting the role, when the values fit it. */
  support?: string;
  /** A sentence saying why the values cannot play the role. */
  contradiction?: string;
  /** Score from the values alone (no header match); 0 when values alone are no evidence. */
  alone: number;
}

const SHOPIFY_ORDER_NAME = /^#?[A-Z]{0,4}-?\d{3,}$/;

function valueEvidence(role: Role, p: ColumnProfile): ValueEvidence {
  const decimals = p.numericShare >= 0.9 && p.integerShare < 0.5;
  const dateLike = p.dateShare >= 0.8;
  const uniqueness = p.nonNull > 0 ? p.distinct / p.nonNull : 0;
  const averageLength = p.examples.length > 0 ? p.examples.reduce((n, v) => n + v.length, 0) / p.examples.length : 0;
  const hashNames = p.examples.length > 0 && p.examples.every((v) => v.startsWith('#') && SHOPIFY_ORDER_NAME.test(v));
  switch (role) {
    case 'customer_id':
      if (p.nonNull === 0) return { contradiction: 'the column is empty', alone: 0 };
      if (dateLike) return { contradiction: 'its values are dates', alone: 0 };
      if (decimals) return { contradiction: 'its values are amounts with decimals', alone: 0 };
      if (p.emailShare >= 0.5) return { support: 'values are e-mail addresses', alone: 0.6 };
      if (hashNames) return { alone: 0 };
      if (isIdLike(p, averageLength, uniqueness)) {
        return { support: `values look like ids (${p.distinct} different in the first rows)`, alone: 0.3 };
      }
      return { alone: 0 };
    case 'order_id':
      if (dateLike) return { contradiction: 'its values are dates', alone: 0 };
      if (decimals) return { contradiction: 'its values are amounts with decimals', alone: 0 };
      if (hashNames) return { support: 'values look like order numbers (#1001)', alone: 0.92 };
      return { alone: 0 };
    case 'timestamp':
      if (p.dateShare >= 0.5) return { support: 'values are dates', alone: 0.5 };
      return { contradiction: 'its values do not look like dates', alone: 0 };
    case 'amount':
      if (p.numericShare < 0.8) return { contradiction: 'its values are not numbers', alone: 0 };
      if (dateLike) return { contradiction: 'its values are dates', alone: 0 };
      return decimals ? { support: 'values are amounts', alone: 0.4 } : { alone: 0 };
    case 'unit_price':
      if (p.numericShare < 0.8) return { contradiction: 'its values are not numbers', alone: 0 };
      return { alone: 0 };
    case 'quantity':
      if (p.numericShare < 0.8) return { contradiction: 'its values are not numbers', alone: 0 };
      if (dateLike) return { contradiction: 'its values are dates', alone: 0 };
      if (p.integerShare >= 0.95 && p.distinct <= 200 && averageLength <= 3) {
        return { support: 'values are small whole numbers', alone: 0.35 };
      }
      return { alone: 0 };
    case 'event_type': {
      const known = p.examples.filter((v) => eventTypeOf(v) !== null).length;
      if (known >= 2) return { support: `values are events (${p.examples.slice(0, 4).join(', ')})`, alone: 0.7 };
      return known === 0 ? { contradiction: 'its values are not event names (view, cart, purchase…)', alone: 0 } : { alone: 0 };
    }
    case 'status': {
      const known = p.examples.filter((v) => STATUS_WORDS.includes(v.toLowerCase())).length;
      if (known >= 1) return { support: `values are order statuses (${p.examples.slice(0, 4).join(', ')})`, alone: 0.5 };
      if (p.numericShare >= 0.8 || dateLike) return { contradiction: 'its values are not statuses', alone: 0 };
      return { alone: 0 };
    }
    case 'country':
    case 'product_name':
      if (p.numericShare >= 0.8 || dateLike) return { contradiction: 'its values are numbers or dates', alone: 0 };
      return { alone: 0 };
    case 'product_id':
    case 'category':
    case 'session_id':
      if (dateLike) return { contradiction: 'its values are dates', alone: 0 };
      if (decimals) return { contradiction: 'its values are amounts with decimals', alone: 0 };
      return { alone: 0 };
  }
}

/** Short codes without spaces, repeated (a customer buys more than once) but with many different values. */
function isIdLike(p: ColumnProfile, averageLength: number, uniqueness: number): boolean {
  const noSpaces = p.examples.every((v) => !/\s/.test(v));
  return noSpaces && averageLength >= 3 && p.distinct >= 20 && uniqueness >= 0.01;
}

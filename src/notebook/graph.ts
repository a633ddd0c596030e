/**
 * The dependency graph of a notebook: which cells read which names. SQL reads come from DuckDB's own
 * tokenizer (strings and comments never count); a column that happens to share a cell's name adds an
 * edge too, which only makes more cells re-run. Charts read their `data`; model cells the table in
 * their settings (`data` or `table`); a model cell named N also defines the side tables it writes, N_….
 */
import { isNamed, type NamedCell } from './names';
import type { Cell, Notebook } from './types';

/** Identifiers of a SQL text (Db.identifiers). */
export type IdentifierReader = (sql: string) => Promise<string[]>;

/** Who reads whom, in which order cells can run, and which cells sit in a cycle. */
export interface DependencyGraph {
  /** Cell ids in notebook order. */
  cells: string[];
  /** Lower-cased name → the id of the (first) cell defining it. */
  byName: Map<string, string>;
  /** Names (as defined by their cells) each cell reads from other cells. */
  reads: Map<string, string[]>;
  /** Cell id → ids of the cells it reads directly. */
  upstream: Map<string, string[]>;
  /** Cell id → ids of the cells reading it directly. */
  downstream: Map<string, string[]>;
  /** A topological order of the cells outside cycles (ties keep notebook order). */
  order: string[];
  /** Cell id → the names of the cells of its cycle, for each cell in a cycle. */
  cycles: Map<string, string[]>;
  /** Cells whose name repeats an earlier cell's (they cannot run). */
  duplicates: Set<string>;
}

/** The names a cell reads, before intersecting with the notebook's names. */
export async function candidateReads(cell: Cell, identifiers: IdentifierReader): Promise<string[]> {
  if (cell.kind === 'sql') return cell.source.trim() === '' ? [] : identifiers(cell.source);
  if (cell.kind === 'chart') return cell.data ? [cell.data] : [];
  if (cell.kind === 'model') {
    const table = modelInput(cell.source);
    return table ? [table] : [];
  }
  return [];
}

/** The input table named in a model cell's JSON settings (`data` or `table`), or null. */
export function modelInput(settings: string): string | null {
  try {
    const parsed: unknown = JSON.parse(settings);
    if (parsed && typeof parsed === 'object') {
      const value = (parsed as Record<string, unknown>).data ?? (parsed as Record<string, unknown>).table;
      return typeof value === 'string' && value !== '' ? value : null;
    }
  } catch {
    /* unreadable settings read nothing; the model hook reports them */
  }
  return null;
}

/** Builds the graph of `nb`, reading SQL identifiers with `identifiers`. */
export async function buildGraph(nb: Notebook, identifiers: IdentifierReader): Promise<DependencyGraph> {
  const byName = new Map<string, string>();
  const duplicates = new Set<string>();
  for (const cell of nb.cells.filter(isNamed)) {
    const key = cell.name.toLowerCase();
    if (byName.has(key)) duplicates.add(cell.id);
    else byName.set(key, cell.id);
  }
  // A model cell named N also writes tables named N_… (a clustering's N_profile and N_k, recommendations'
  // N_also_bought): reading one reads the model cell, unless a cell of that very name exists.
  const modelPrefixes = nb.cells
    .filter((c): c is Extract<Cell, { kind: 'model' }> => c.kind === 'model' && !duplicates.has(c.id))
    .map((c) => [`${c.name.toLowerCase()}_`, c.id] as const);
  const definer = (name: string): string | undefined => {
    const key = name.toLowerCase();
    return byName.get(key) ?? modelPrefixes.find(([prefix]) => key.startsWith(prefix))?.[1];
  };
  const reads = new Map<string, string[]>();
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>(nb.cells.map((c) => [c.id, []]));
  for (const cell of nb.cells) {
    const found = new Map<string, string>();
    for (const name of await candidateReads(cell, identifiers)) {
      const id = definer(name);
      if (id === undefined || (id === cell.id && cell.kind !== 'chart')) continue;
      found.set(id, (nb.cells.find((c) => c.id === id) as NamedCell).name);
    }
    reads.set(cell.id, [...found.values()]);
    upstream.set(cell.id, [...found.keys()]);
    for (const id of found.keys()) downstream.get(id)?.push(cell.id);
  }
  const cycles = findCycles(nb, upstream);
  const order = topologicalOrder(nb.cells.map((c) => c.id), upstream, cycles);
  return { cells: nb.cells.map((c) => c.id), byName, reads, upstream, downstream, order, cycles, duplicates };
}

/** Every cell that reads `cellId`, directly or through others, in run order (not `cellId` itself). */
export function downstreamOf(graph: DependencyGraph, cellId: string): string[] {
  return closure(graph, cellId, graph.downstream);
}

/** Every cell `cellId` reads, directly or through others, in run order (not `cellId` itself). */
export function upstreamOf(graph: DependencyGraph, cellId: string): string[] {
  return closure(graph, cellId, graph.upstream);
}

function closure(graph: DependencyGraph, start: string, edges: Map<string, string[]>): string[] {
  const seen = new Set<string>();
  const stack = [...(edges.get(start) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === start || seen.has(id)) continue;
    seen.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
  const rank = new Map([...graph.order, ...graph.cells].map((id, i) => [id, i] as const).reverse());
  return [...seen].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
}

function findCycles(nb: Notebook, upstream: Map<string, string[]>): Map<string, string[]> {
  const nameOf = new Map(nb.cells.map((c) => [c.id, isNamed(c) ? c.name : c.id]));
  const cycles = new Map<string, string[]>();
  for (const component of stronglyConnected(nb.cells.map((c) => c.id), upstream)) {
    const selfLoop = component.length === 1 && (upstream.get(component[0] as string) ?? []).includes(component[0] as string);
    if (component.length < 2 && !selfLoop) continue;
    const ordered = nb.cells.map((c) => c.id).filter((id) => component.includes(id));
    const names = ordered.map((id) => nameOf.get(id) as string);
    for (const id of ordered) cycles.set(id, names);
  }
  return cycles;
}

/** Groups of nodes that reach each other along `edges` (Tarjan's algorithm); a node alone is a group of one. */
export function stronglyConnected(ids: string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return components;
}

/** Kahn's algorithm, earliest notebook position first; cycle members are left out. */
function topologicalOrder(ids: string[], upstream: Map<string, string[]>, cycles: Map<string, string[]>): string[] {
  const remaining = ids.filter((id) => !cycles.has(id));
  const done = new Set<string>();
  const order: string[] = [];
  while (remaining.length > 0) {
    const next = remaining.findIndex((id) => (upstream.get(id) ?? []).every((u) => done.has(u) || cycles.has(u)));
    const [id] = remaining.splice(next < 0 ? 0 : next, 1) as [string];
    done.add(id);
    order.push(id);
  }
  return order;
}

/**
 * The house map as a check: every import between the app's folders must follow the documented
 * direction (docs/architecture.md), and no two folders may import each other, even through others.
 * Imports are read from the source text (static, `export … from` and dynamic `import()`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { stronglyConnected } from '../../src/notebook/graph';

/** What each folder may import besides itself (external packages are always allowed). */
export const ALLOWED: Record<string, readonly string[]> = {
  'src/text': [],
  'src/sql': ['src/text'],
  'src/rpc': ['src/text'],
  'src/charts': ['src/text'],
  'src/models': ['src/text'],
  'src/engine': ['src/text', 'src/sql'],
  'src/ingest': ['src/text', 'src/engine', 'src/sql'],
  'src/export': ['src/text', 'src/engine', 'src/sql'],
  'src/notebook': ['src/text', 'src/engine', 'src/sql', 'src/export', 'src/charts', 'src/models'],
  'src/analyses': ['src/text', 'src/engine', 'src/sql', 'src/ingest', 'src/export', 'src/models', 'src/charts', 'src/notebook'],
  'workers/chart': ['src/text', 'src/rpc', 'src/notebook', 'src/charts'],
  'workers/ingest': ['src/text', 'src/rpc', 'src/ingest', 'src/engine'],
  'workers/export': ['src/text', 'src/rpc', 'src/export', 'src/engine'],
  'workers/train': ['src/text', 'src/rpc', 'src/models', 'src/analyses', 'src/notebook', 'src/engine', 'src/sql'],
  'src/training': ['src/text', 'src/engine', 'src/sql', 'src/models', 'src/analyses', 'src/notebook', 'src/charts', 'workers/train'],
  'src/cli': [
    'src/text', 'src/engine', 'src/sql', 'src/ingest', 'src/export', 'src/models', 'src/charts', 'src/notebook', 'src/analyses',
    'src/training', 'workers/train',
  ],
  'src/ui': [
    'src/text', 'src/engine', 'src/sql', 'src/ingest', 'src/export', 'src/models', 'src/charts', 'src/notebook', 'src/analyses',
    'src/training', 'src/rpc', 'workers/chart', 'workers/ingest', 'workers/export', 'workers/train',
  ],
  'src/main': ['src/text', 'src/ui', 'src/engine', 'src/ingest', 'workers/ingest', 'workers/export', 'samples'],
  'src/cli-entry': ['src/text', 'src/cli'],
};

/** folder -> folder -> the files that make the import. */
export type FolderGraph = Map<string, Map<string, string[]>>;

/** The folder (layer) a file belongs to: `src/<folder>`, `workers/<worker>`, or a root file's own name. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'workers') return parts.length > 2 ? `workers/${parts[1]}` : 'workers';
  if (parts[0] !== 'src') return parts[0]!;
  if (parts.length === 2) return parts[1] === 'cli.ts' ? 'src/cli-entry' : `src/${parts[1]!.replace(/\.[^.]+$/, '')}`;
  return `src/${parts[1]}`;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The folder graph of the app's sources below `root` (src and workers). */
export function importGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(root, ['src', 'workers'])) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] ?? match[2]!));
      addEdge(graph, folderOf(file), folderOf(target), file);
    }
  }
  return graph;
}

/** Adds an import of `to` by `from` (made in `file`); imports within a folder are not edges. */
export function addEdge(graph: FolderGraph, from: string, to: string, file: string): void {
  if (from === to) return;
  const targets = graph.get(from) ?? new Map<string, string[]>();
  targets.set(to, [...(targets.get(to) ?? []), file]);
  graph.set(from, targets);
}

/** Imports against the documented direction, as `file: from -> to`. */
export function violations(graph: FolderGraph, allowed: Record<string, readonly string[]> = ALLOWED): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const [to, files] of targets) {
      if (!(allowed[from] ?? []).includes(to)) found.push(`${files[0]}: ${from} -> ${to}`);
    }
  }
  return found.sort();
}

/** Groups of folders that import each other (directly or round a cycle), each sorted. */
export function cycles(graph: FolderGraph): string[][] {
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t.keys()])]);
  const edges = new Map([...graph].map(([from, targets]) => [from, [...targets.keys()]]));
  return stronglyConnected([...nodes], edges)
    .filter((group) => group.length > 1)
    .map((group) => group.sort());
}

function sourceFiles(root: string, folders: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|svelte)$/.test(entry.name)) files.push(rel);
    }
  };
  for (const folder of folders) if (fs.existsSync(path.join(root, folder))) walk(folder);
  return files;
}

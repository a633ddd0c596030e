/** Issue 20: the layering of docs/architecture.md, checked on the real imports of src and workers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addEdge, ALLOWED, cycles, importGraph, violations, type FolderGraph } from './layering';

const root = path.resolve(__dirname, '../..');

describe('the house map', () => {
  const graph = importGraph(root);

  it('every import between folders follows the documented direction', () => {
    expect(violations(graph)).toEqual([]);
  });

  it('no folders import each other, even round a cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('knows every folder it meets', () => {
    const folders = new Set([...graph.keys()].filter((f) => f.startsWith('src/') || f.startsWith('workers/')));
    expect([...folders].filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it('keeps maths, charts and the RPC transport free of the app (the language type aside)', () => {
    for (const base of ['src/models', 'src/charts', 'src/rpc', 'src/sql', 'src/text']) {
      expect({ base, imports: [...(graph.get(base)?.keys() ?? [])].filter((folder) => folder !== 'src/text') }).toEqual({ base, imports: [] });
    }
  });
});

describe('the check itself', () => {
  it('fails on a deliberately wrong import: models reaching up to the UI', () => {
    const wrong: FolderGraph = new Map();
    addEdge(wrong, 'src/models', 'src/ui', 'src/models/logistic.ts');
    addEdge(wrong, 'src/analyses', 'src/engine', 'src/analyses/cohort.ts');
    expect(violations(wrong)).toEqual(['src/models/logistic.ts: src/models -> src/ui']);
  });

  it('reads a wrong import from real source text: static, re-export and dynamic forms', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layering-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('src/models/fit.ts', `import { locale } from '../ui/locale';\nexport { x } from '../engine/db';\nconst later = () => import('../../workers/train/client');\n`);
    write('src/ui/locale.ts', `import type { Fit } from '../models/fit';\nexport const locale = 1;\n`);
    expect(violations(importGraph(dir))).toEqual([
      'src/models/fit.ts: src/models -> src/engine',
      'src/models/fit.ts: src/models -> src/ui',
      'src/models/fit.ts: src/models -> workers/train',
    ]);
    expect(cycles(importGraph(dir))).toEqual([['src/models', 'src/ui']]);
    fs.rmSync(dir, { recursive: true });
  });

  it('finds a cycle between folders, also through a third one', () => {
    const loop: FolderGraph = new Map();
    addEdge(loop, 'src/analyses', 'src/notebook', 'a.ts');
    addEdge(loop, 'src/notebook', 'src/training', 'b.ts');
    addEdge(loop, 'src/training', 'src/analyses', 'c.ts');
    addEdge(loop, 'src/ui', 'src/analyses', 'd.ts');
    expect(cycles(loop)).toEqual([['src/analyses', 'src/notebook', 'src/training']]);
  });
});

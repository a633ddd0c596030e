/**
 * The prebuilt command line (issue 25): scripts/build-cli.mjs bundles src/cli.ts into bin/, `node bin/cohortbook.mjs`
 * answers like the in-process CLI, and nothing `--help` loads imports TensorFlow.js or DuckDB (commands load when run).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'bin/cohortbook.mjs');
const run = (...args: string[]) => execFileSync(process.execPath, [ENTRY, ...args], { cwd: ROOT, encoding: 'utf8' });

/** Files reachable from `file` through static imports (`import … from "./x"`), within bin/. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/^import\s[^;]*?from\s*"(\.[^"]+)"/gm)) staticGraph(path.resolve(path.dirname(file), spec!), seen);
  for (const [, spec] of text.matchAll(/^import\s*"(\.[^"]+)"/gm)) staticGraph(path.resolve(path.dirname(file), spec!), seen);
  return seen;
}

describe('prebuilt command line', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
  });

  it('runs from bin/ like the in-process command line', () => {
    expect(run('--help')).toMatch(/^Usage: npx cohortbook <command> <file> \[options\]/);
    const inspected = run('inspect', path.join(ROOT, 'samples/shop-2k.csv'), '--json');
    expect(JSON.parse(inspected)).toMatchObject({ format: 'csv' });
  }, 60_000);

  it('loads no engine and no model for --help: every command is its own chunk, imported when it runs', () => {
    const reachable = [...staticGraph(ENTRY)];
    expect(reachable.length).toBeGreaterThanOrEqual(1);
    for (const file of reachable) expect({ file: path.relative(ROOT, file), heavy: /from\s*"@(tensorflow|duckdb)\//.test(fs.readFileSync(file, 'utf8')) }).toEqual({ file: path.relative(ROOT, file), heavy: false });
    expect(fs.readdirSync(path.join(ROOT, 'bin/chunks')).some((f) => f.startsWith('churn-'))).toBe(true);
  });
});

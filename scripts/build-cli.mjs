/**
 * Builds the command line into bin/ (esbuild): src/cli.ts bundled as ES modules, one chunk per command (they load
 * when run, so `--help` starts at once), packages left to node_modules. Run by `npm ci` (prepare) and `npm run
 * build:cli`; `npx cohortbook …` and `npm run cli -- …` then start without compiling TypeScript.
 */
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync(new URL('../bin/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cohortbook: 'src/cli.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: 'bin',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
// Executable, so `npx cohortbook` runs it after `npm run build:cli` too (npm ci's bin linking sets the mode itself).
chmodSync(new URL('../bin/cohortbook.mjs', import.meta.url), 0o755);

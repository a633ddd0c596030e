/**
 * Runs the command line for the CLI tests: in this process through `runCli` (the same code the entry
 * runs, minus writing and exiting), or as a real child process where the process itself is under test.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';

/** The project root (where `npm run cli` runs). */
export const ROOT = path.resolve(__dirname, '../../..');
const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

/** What one run printed and its exit status. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- ...args` in this process (paths relative to the project root). */
export function cli(...args: string[]): Promise<CliRun> {
  return runCli(args);
}

/** Runs `npm run cli -- ...args` as a child process, as a user would (without npm's own output). */
export function cliProcess(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(tsx, ['src/cli.ts', ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

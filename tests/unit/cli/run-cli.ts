/** Runs the command line as a user would (a child process), for the CLI tests. */
import { execFile } from 'node:child_process';
import path from 'node:path';

/** The project root (where `npm run cli` runs). */
export const ROOT = path.resolve(__dirname, '../../..');
const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

/** What one run printed and its exit status. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- ...args` (without npm's own output). */
export function cli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(tsx, ['src/cli.ts', ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Measurements the bench takes outside the app: the machine, processes' memory, the command line's times. */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the figures were measured on. */
export interface MachineFacts {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  node: string;
  chromium: string;
  gpu: string;
}

export function machineFacts(): MachineFacts {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: commandOutput('/usr/bin/chromium', ['--version']),
    gpu: fs.existsSync('/dev/dri') ? 'a /dev/dri device' : 'none (WebGL on SwiftShader, the software renderer)',
  };
}

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Resident memory (MB) of every process whose command name contains `name` (e.g. every Chromium process). Read from
 * /proc in this process where there is one (1.5 ms a sample): starting `ps` five times a second competes for the cores
 * with the page being timed (one 57 ms long task in 8 timed loads with it; none in 12 without it or with /proc).
 */
export function residentMbOf(name: string): number {
  if (!fs.existsSync('/proc/self/status')) return residentMbFromPs(name);
  let kb = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/comm`, 'utf8').includes(name)) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return kb / 1024;
}

function residentMbFromPs(name: string): number {
  const out = commandOutput('ps', ['-eo', 'rss=,comm=']);
  let kb = 0;
  for (const line of out.split('\n')) {
    const [rss, comm] = line.trim().split(/\s+/, 2);
    if (comm?.includes(name)) kb += Number(rss) || 0;
  }
  return kb / 1024;
}

/** Samples `read` every 200 ms until `stop` is called; `stop` gives the peak seen. */
export function peakSampler(read: () => number): { stop(): number } {
  let peak = read();
  const timer = setInterval(() => (peak = Math.max(peak, read())), 200);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, read());
    },
  };
}

/** A finished child process: its wall time, exit status, output and peak resident memory (sampled). */
export interface ChildRun {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  peakMb: number;
}

/** Runs `node <args>` in `cwd`, timing it and sampling its resident memory. */
export function runNode(args: string[], cwd: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const memory = peakSampler(() => residentMbOfPid(child.pid));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - start, code: code ?? 1, stdout, stderr, peakMb: memory.stop() }));
  });
}

function residentMbOfPid(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The command line's start-up: `--help` and a `sql` on a 10-line file, median of `runs` each, from bin/. */
export async function timeCli(root: string, benchDir: string, sample: string, runs: number): Promise<{ help_ms: number; sql_small_ms: number; engine: string }> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
  const small = path.join(benchDir, 'ten-lines.csv');
  fs.writeFileSync(small, fs.readFileSync(sample, 'utf8').split('\n').slice(0, 11).join('\n') + '\n');
  const median = async (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await runNode(['bin/cohortbook.mjs', ...args], root);
      if (run.code !== 0) throw new Error(`cohortbook ${args.join(' ')} failed: ${run.stderr}`);
      times.push(run.ms);
    }
    return times.sort((a, b) => a - b)[times.length >> 1]!;
  };
  const help_ms = await median(['--help']);
  const sql_small_ms = await median(['sql', small, 'SELECT count(*) AS n FROM cb_orders']);
  return { help_ms, sql_small_ms, engine: 'native (the default when @duckdb/node-api is installed)' };
}

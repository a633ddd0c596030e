/**
 * Command line for the sample shop:
 *   npm run samples -- --lines N --seed S [--out DIR] [--format csv|parquet|both] [--events] [--name NAME]
 *                      [--start YYYY-MM-DD] [--years 3] [--anomalies]
 * Writes DIR/NAME.csv (and/or .parquet), DIR/NAME.truth.csv, with --events DIR/NAME.events.csv and with
 * --anomalies DIR/NAME.anomalies.csv (the planted anomalies: kind, customer, order),
 * then prints a one-line summary. Bad arguments: exit status 2 and one line on stderr.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ANOMALIES_HEADER, EVENTS_HEADER, LINES_HEADER, ShopCsv, TRUTH_HEADER } from './csv';
import { LinesParquetWriter } from './parquet';
import { generateShop, type ShopOptions } from './shop';

/** Parsed command-line arguments. */
export interface GenerateArgs extends ShopOptions {
  out: string;
  format: 'csv' | 'parquet' | 'both';
  name: string;
}

/** Parses the arguments (without `node script`); throws an Error with a user-facing message. */
export function parseArgs(argv: string[]): GenerateArgs {
  const values = new Map<string, string>();
  let events = false;
  let anomalies = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--events') events = true;
    else if (flag === '--anomalies') anomalies = true;
    else if (['--lines', '--seed', '--out', '--format', '--name', '--start', '--years'].includes(flag)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value.`);
      values.set(flag.slice(2), value);
    } else throw new Error(`Unknown option "${flag}". Use --lines N --seed S [--out DIR] [--format csv|parquet|both] [--events] [--anomalies] [--name NAME].`);
  }
  const lines = integer(values.get('lines') ?? '10000', 'lines', 1);
  const format = values.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'parquet' && format !== 'both') throw new Error(`--format must be csv, parquet or both (got "${format}").`);
  const name = values.get('name') ?? `shop-${lines}`;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`--name may only hold letters, digits, dot, dash and underscore (got "${name}").`);
  return {
    lines,
    seed: integer(values.get('seed') ?? '42', 'seed', 0),
    events,
    anomalies,
    start: values.get('start') ?? '2022-01-01',
    years: integer(values.get('years') ?? '3', 'years', 1),
    out: values.get('out') ?? 'samples/out',
    format,
    name,
  };
}

function integer(text: string, name: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min} (got "${text}").`);
  return value;
}

/** Generates and writes the files; returns the summary line. */
export function writeSamples(args: GenerateArgs): string {
  const started = performance.now();
  const shop = generateShop(args);
  const csv = new ShopCsv(shop);
  mkdirSync(args.out, { recursive: true });
  const base = join(args.out, args.name);
  const encoder = new TextEncoder();
  const open = (path: string, header: string) => {
    const fd = openSync(path, 'w');
    writeSync(fd, encoder.encode(`${header}\n`));
    return fd;
  };
  const linesFd = args.format !== 'parquet' ? open(`${base}.csv`, LINES_HEADER) : undefined;
  const eventsFd = args.events ? open(`${base}.events.csv`, EVENTS_HEADER) : undefined;
  const parquet = args.format !== 'csv' ? new LinesParquetWriter(shop, `${base}.parquet`) : undefined;
  let events = 0;
  for (const chunk of shop.chunks()) {
    if (linesFd !== undefined) writeSync(linesFd, csv.lines(chunk.lines));
    parquet?.write(chunk.lines);
    if (eventsFd !== undefined && chunk.events) {
      events += chunk.events.length;
      writeSync(eventsFd, csv.events(chunk.events));
    }
  }
  parquet?.finish();
  if (linesFd !== undefined) closeSync(linesFd);
  if (eventsFd !== undefined) closeSync(eventsFd);
  const truthFd = open(`${base}.truth.csv`, TRUTH_HEADER);
  for (const piece of csv.truth()) writeSync(truthFd, piece);
  closeSync(truthFd);
  if (args.anomalies) {
    const rows = shop.anomalies().map((a) => `${a.kind},${a.customerId},${a.orderId}\n`);
    const anomaliesFd = open(`${base}.anomalies.csv`, ANOMALIES_HEADER);
    writeSync(anomaliesFd, encoder.encode(rows.join('')));
    closeSync(anomaliesFd);
  }
  const seconds = (performance.now() - started) / 1000;
  const eventText = args.events ? `, ${events.toLocaleString('en-US')} events` : '';
  return `${base}: ${shop.lines.toLocaleString('en-US')} lines, ${shop.customers.toLocaleString('en-US')} customers, ${shop.orders.toLocaleString('en-US')} orders${eventText}, ${shop.firstDate} to ${shop.lastDate}, ${args.format}, ${seconds.toFixed(2)} s`;
}

function main(): void {
  let args: GenerateArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  try {
    process.stdout.write(`${writeSamples(args)}\n`);
  } catch (error) {
    process.stderr.write(`Could not write the samples: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) main();

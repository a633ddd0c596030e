/**
 * Cohortbook's command line: the same analyses as the app, headless, on the same engine interface.
 * `npm run cli -- <command> <file> [options]`; with --json exactly one JSON document on stdout.
 * Bad input: exit status 2 and one clear line on stderr, never a stack trace.
 */
import { parseCliArgs, type CliArgs } from './cli/args';
import { UsageError } from './cli/errors';
import { IngestError } from './ingest/errors';
import { SqlError } from './engine/db';
import { inspectCommand } from './cli/commands/inspect';
import { sqlCommand } from './cli/commands/sql';
import { clvCommand } from './cli/commands/clv';
import { runCommand } from './cli/commands/run';
import { cohortCommand } from './cli/commands/cohort';
import { repurchaseCommand } from './cli/commands/repurchase';
import { rfmCommand } from './cli/commands/rfm';
import { lifecycleCommand } from './cli/commands/lifecycle';
import { churnCommand } from './cli/commands/churn';

/** What a command prints: a JSON value and its text form; `failure` makes it exit 2 after printing. */
export interface CommandOutput {
  json: unknown;
  text: string;
  failure?: string;
}

/** A command of the command line. */
export type Command = (args: CliArgs) => Promise<CommandOutput>;

const COMMANDS: Record<string, Command> = {
  inspect: inspectCommand,
  sql: sqlCommand,
  run: runCommand,
  clv: clvCommand,
  cohort: cohortCommand,
  repurchase: repurchaseCommand,
  rfm: rfmCommand,
  lifecycle: lifecycleCommand,
  churn: churnCommand,
};

const USAGE = `Usage: npm run cli -- <command> <file> [options]

Commands:
  inspect <file>            how the file was read: format, encoding, columns, roles, date format
  sql <file> "<query>"      run SQL; the tables cb_lines, cb_orders, cb_customers, cb_events exist
  run <notebook.cohortbook.md> --data <file> --out <dir>
                            run a notebook headlessly; writes <dir>/<name>.csv per SQL cell and
                            <dir>/report.html
  cohort <file> [--period month|week] [--country NAME]
                            cohort retention: customers buying k periods after their first purchase
  repurchase <file> [--days 30,60,90]
                            share of customers ordering again within N days of their first order
  rfm <file>                RFM scores and the ten segments
  lifecycle <file> [--period month|week]
                            new / returning / reactivated / at_risk / dormant customers per period
  clv <file> --calibration-end DATE [--holdout-end DATE] [--months 12] [--discount 0.01]
                            BG/NBD repurchase + Gamma-Gamma spend model, holdout check, CLV
  churn <file> [--cutoff DATE] [--horizon 90] [--model logistic|mlp|all] [--seed 42] [--backend auto|wasm|cpu]
                            churn prediction: no purchase in the horizon after the cutoff; test
                            metrics, cross-validated AUC, recency baselines, feature importance

Options:
  --json                    print exactly one JSON document
  --map role=Col,role=#3    override detected roles (#3 = third column)
  --no-header / --header    say whether the first row is a header
  --country NAME            (cohort) only orders from this country`;

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const command = COMMANDS[args.command];
  if (!command) throw new UsageError(`Unknown command "${args.command}". Run "npm run cli -- --help" for the list.`);
  const { json, text, failure } = await command(args);
  process.stdout.write(args.json ? JSON.stringify(json, null, 2) + '\n' : text + '\n');
  if (!failure) return 0;
  process.stderr.write(`cohortbook: ${failure}\n`);
  return 2;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const expected = error instanceof UsageError || error instanceof IngestError || error instanceof SqlError;
    process.stderr.write(`cohortbook: ${oneLine(error)}\n`);
    process.exit(expected ? 2 : 1);
  },
);

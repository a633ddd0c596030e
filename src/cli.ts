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
};

const USAGE = `Usage: npm run cli -- <command> <file> [options]

Commands:
  inspect <file>            how the file was read: format, encoding, columns, roles, date format
  sql <file> "<query>"      run SQL; the tables cb_lines, cb_orders, cb_customers, cb_events exist

Options:
  --json                    print exactly one JSON document
  --map role=Col,role=#3    override detected roles (#3 = third column)
  --no-header / --header    say whether the first row is a header`;

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

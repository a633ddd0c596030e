/** What every command of the command line is: parsed arguments in, JSON and text out. */
import type { CliArgs } from './args';

/** What a command prints: a JSON value and its text form; `failure` makes it exit 2 after printing. */
export interface CommandOutput {
  json: unknown;
  text: string;
  failure?: string;
}

/** A command of the command line. */
export type Command = (args: CliArgs) => Promise<CommandOutput>;

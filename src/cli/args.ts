/** Parsing of the command line's shared options (DESIGN.md section 7). */
import { parseArgs } from 'node:util';
import { DATE_CHOICES } from '../ingest/load-problems';
import { ROLES, type DateChoice, type Role, type RoleMap } from '../ingest/types';
import { UsageError } from './errors';

/** Options every command understands, plus the command's own. */
export interface CliArgs {
  command: string;
  positionals: string[];
  json: boolean;
  map: RoleMap;
  hasHeader: boolean | undefined;
  /** `--date-format`: how to read the dates (default: inferred). */
  dateChoice: DateChoice;
  values: Record<string, string | boolean | undefined>;
}

/** Parses argv (without node and script) into a command, positionals and options. */
export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseStrict(argv);
  const [command = 'help', ...rest] = positionals;
  const hasHeader = values['no-header'] ? false : values.header ? true : undefined;
  return {
    command: values.help ? 'help' : command,
    positionals: rest,
    json: values.json === true,
    map: parseRoleMap(typeof values.map === 'string' ? values.map : ''),
    hasHeader,
    dateChoice: parseDateChoice(values['date-format']),
    values,
  };
}

/** Every option, checked: an unknown one or a missing value is a usage error (exit 2), not silently ignored. */
function parseStrict(argv: string[]) {
  try {
    return parseOptions(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : String(error);
    throw new UsageError(`${message}. Run "npm run cli -- --help" for the options.`);
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      map: { type: 'string' },
      header: { type: 'boolean' },
      'no-header': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      period: { type: 'string' },
      country: { type: 'string' },
      days: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      cutoff: { type: 'string' },
      horizon: { type: 'string' },
      measure: { type: 'string' },
      model: { type: 'string' },
      impute: { type: 'string' },
      label: { type: 'string' },
      outliers: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      engine: { type: 'string' },
      'memory-limit': { type: 'string' },
      'calibration-end': { type: 'string' },
      'holdout-end': { type: 'string' },
      months: { type: 'string' },
      discount: { type: 'string' },
      penalizer: { type: 'string' },
      pareto: { type: 'boolean' },
      'no-pareto': { type: 'boolean' },
      'date-format': { type: 'string' },
      customer: { type: 'string' },
      segment: { type: 'string' },
      'min-support': { type: 'string' },
      'min-confidence': { type: 'string' },
      limit: { type: 'string' },
      k: { type: 'string' },
      'holdout-days': { type: 'string' },
      group: { type: 'string' },
      outcome: { type: 'string' },
      value: { type: 'string' },
      control: { type: 'string' },
      confidence: { type: 'string' },
    },
  });
}

/** `--date-format auto|day-first|month-first|year-first`. */
function parseDateChoice(value: unknown): DateChoice {
  if (value === undefined) return 'auto';
  if (typeof value === 'string' && (DATE_CHOICES as string[]).includes(value)) return value as DateChoice;
  throw new UsageError(`--date-format must be one of ${DATE_CHOICES.join(', ')}; got "${String(value)}".`);
}

/** Parses `role=Column,role=#3` into a RoleMap; `#3` is the 3rd column, kept as `#3` for the loader. */
export function parseRoleMap(text: string): RoleMap {
  const map: RoleMap = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim() as Role;
    const column = part.slice(eq + 1).trim();
    if (eq <= 0 || !column) throw new UsageError(`--map expects role=Column pairs, got "${part}".`);
    if (!ROLES.includes(role)) throw new UsageError(`Unknown role "${role}" in --map. Roles: ${ROLES.join(', ')}.`);
    map[role] = column;
  }
  return map;
}

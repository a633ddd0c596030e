/**
 * The command line as a function: arguments in, exit status and the text for stdout and stderr out, so
 * the process entry (src/cli.ts) only writes and exits, and tests can run a command in-process.
 * Bad input: exit status 2 and one clear line on stderr, never a stack trace.
 */
import { SqlError } from '../engine/db';
import { IngestError } from '../ingest/errors';
import { parseCliArgs } from './args';
import type { Command } from './command';
import { UsageError } from './errors';

/**
 * The commands, each loaded when it runs: `--help` and a small `sql` never load TensorFlow.js or the models.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./commands/inspect')).inspectCommand,
  sql: async () => (await import('./commands/sql')).sqlCommand,
  run: async () => (await import('./commands/run')).runCommand,
  clv: async () => (await import('./commands/clv')).clvCommand,
  cohort: async () => (await import('./commands/cohort')).cohortCommand,
  repurchase: async () => (await import('./commands/repurchase')).repurchaseCommand,
  rfm: async () => (await import('./commands/rfm')).rfmCommand,
  lifecycle: async () => (await import('./commands/lifecycle')).lifecycleCommand,
  churn: async () => (await import('./commands/churn')).churnCommand,
  basket: async () => (await import('./commands/basket')).basketCommand,
  recommend: async () => (await import('./commands/recommend')).recommendCommand,
  segment: async () => (await import('./commands/segment')).segmentCommand,
  abtest: async () => (await import('./commands/abtest')).abtestCommand,
  survival: async () => (await import('./commands/survival')).survivalCommand,
  forecast: async () => (await import('./commands/forecast')).forecastCommand,
  risk: async () => (await import('./commands/risk')).riskCommand,
  profile: async () => (await import('./commands/profile')).profileCommand,
  counts: async () => (await import('./commands/counts')).countsCommand,
};

const USAGE = `Usage: npx cohortbook <command> <file> [options]     (or: npm run cli -- <command> …)

Commands:
  inspect <file>            how the file was read: format, encoding, columns, roles, date format
  sql <file> "<query>"      run SQL; the tables cb_lines, cb_orders, cb_customers, cb_events,
                            cb_returns (cancelled and returned rows) exist
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
  churn <file> [--cutoff DATE] [--horizon 90] [--model logistic|svm|tree|forest|boosting|mlp|sequence|all]
        [--label purchase|activity] [--impute median|mean|mode|indicator] [--outliers none|percentile|iqr] [--seed 42] [--backend auto|wasm|cpu]
                            churn prediction: no purchase in the horizon after the cutoff; test
                            metrics, cross-validated AUC, recency baselines, feature importance;
                            with all, every model side by side, the winner and today's tiers;
                            --label activity: no event at all in 7 days (event logs)
  basket <file> [--min-support 0.01] [--min-confidence 0] [--limit N]
                            market basket: pairs of products bought in the same order, with
                            support, confidence and lift
  recommend <file> [--k 10] [--holdout-days 30] [--model item-item|bpr|all]
                            recommendations (item-item, or matrix factorisation by BPR, or both)
                            beside the popularity baseline on the last days held out: precision,
                            recall, hit rate and NDCG at k
  segment <file> [--k auto|N] [--seed 42]
                            customers clustered by k-means on recency, orders, revenue, order
                            value and tenure; k by silhouette; a named profile per cluster
  survival <file>           time to the second purchase: Kaplan–Meier, exponential and Weibull
                            fits, a Cox model (Efron ties) on the first order's value and items
  forecast <file> [--period week|day] [--horizon 8] [--measure revenue|orders|customers]
                            exponential smoothing chosen by AIC with 95% intervals; a backtest of
                            the last 8 periods beside the naive and seasonal-naive forecasts
  counts <file> [--horizon 90]
                            purchase dates in the next days by Poisson and negative-binomial
                            regression on the churn features, beside BG/NBD and the mean, on a
                            time holdout (mean absolute error, Poisson deviance)
  risk <file> [--limit 100]  orders and customers unlike the rest: unusual size (robust z-scores),
                            cancelled soon after ordering, bursts of orders, unusual customers
                            (isolation forest) and return rates; score and reason in plain words
  profile <file> --customer ID | --segment NAME
                            one customer's page: orders, RFM, lifecycle, churn probability and
                            reasons, expected value, cluster, risk flags, suggested products; or a
                            segment's recency, frequency and spend beside everyone's
  abtest <file> [--group group] [--outcome converted] [--value COL] [--control NAME] [--confidence 0.95]
                            A/B read-out of one row per customer: the two groups' rates, their
                            difference with an interval, z-test and p-value, a verdict in words

Options:
  --json                    print exactly one JSON document
  --map role=Col,role=#3    override detected roles (#3 = third column)
  --no-header / --header    say whether the first row is a header
  --country NAME            (cohort) only orders from this country
  --engine native|wasm      native DuckDB (threads, spills to disk; the default when installed) or
                            DuckDB-WASM, the browser's engine
  --memory-limit 4GB        (native) DuckDB's memory limit; past it, work spills to a temporary folder`;

/** What one run of the command line prints and how it exits. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line on `argv` (without node and the script). */
export async function runCli(argv: string[]): Promise<CliOutcome> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') return { code: 0, stdout: USAGE + '\n', stderr: '' };
    const load = COMMANDS[args.command];
    if (!load) throw new UsageError(`Unknown command "${args.command}". Run "npm run cli -- --help" for the list.`);
    const command = await load();
    const { json, text, failure } = await command(args);
    const stdout = args.json ? JSON.stringify(json, null, 2) + '\n' : text + '\n';
    return failure ? { code: 2, stdout, stderr: `cohortbook: ${oneLine(failure)}\n` } : { code: 0, stdout, stderr: '' };
  } catch (error) {
    const expected = error instanceof UsageError || error instanceof IngestError || error instanceof SqlError;
    return { code: expected ? 2 : 1, stdout: '', stderr: `cohortbook: ${oneLine(error)}\n` };
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

/**
 * Cohortbook's command line: the same analyses as the app, headless, on the same engine interface.
 * `npm run cli -- <command> <file> [options]`; with --json exactly one JSON document on stdout.
 * This entry only writes what src/cli/main.ts returns and exits with its status.
 */
import { runCli } from './cli/main';

runCli(process.argv.slice(2)).then(({ code, stdout, stderr }) => {
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exit(code);
});

/**
 * `run <notebook.cohortbook.md> --data <file> --out <dir>`: runs a notebook headlessly with the app's
 * runner, writes each SQL result as `<dir>/<name>.csv` (formulas neutralised) and `<dir>/report.html`.
 * A failing cell still leaves everything that ran written, then exits 2 naming the cell.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command';
import { tableToCsv } from '../../export/csv';
import { ident } from '../../sql/quote';
import { createModelHook } from '../../training/model-hook';
import { createLocalTrainer } from '../../../workers/train/local';
import { NotebookParseError, parseNotebook } from '../../notebook/format';
import { renderReportHtml } from '../../notebook/report';
import { createRunner } from '../../notebook/runner';
import { summariseRun, type CellSummary } from '../../notebook/summary';
import { UsageError } from '../errors';
import { loadForAnalysis } from '../load';

export const runCommand: Command = async (args) => {
  const [notebookFile] = args.positionals;
  const data = typeof args.values.data === 'string' ? args.values.data : undefined;
  const out = typeof args.values.out === 'string' ? args.values.out : undefined;
  if (!notebookFile || !data || !out) {
    throw new UsageError('run needs a notebook, a data file and an output folder: npm run cli -- run <notebook.cohortbook.md> --data <file> --out <dir>');
  }
  if (!fs.existsSync(notebookFile) || !fs.statSync(notebookFile).isFile()) throw new UsageError(`No such notebook: ${notebookFile}`);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new UsageError(`--out ${out} is a file, not a folder: give a folder for the results and the report (it is created if missing).`);
  }
  const { notebook, warnings } = readNotebook(notebookFile);
  const { db } = await loadForAnalysis({ ...args, positionals: [data] }, 'tables');
  const trainer = createLocalTrainer();
  try {
    const runner = createRunner(db, { model: createModelHook(trainer) });
    await runner.runAll(notebook);
    fs.mkdirSync(out, { recursive: true });
    const cells = summariseRun(notebook, runner.results());
    for (const cell of cells.filter((c) => (c.kind === 'sql' || (c.kind === 'model' && c.rows !== null)) && c.status === 'ok')) {
      fs.writeFileSync(path.join(out, `${cell.name}.csv`), tableToCsv(await db.query(`SELECT * FROM ${ident(cell.name)}`)));
    }
    const report = path.join(out, 'report.html');
    fs.writeFileSync(report, await renderReportHtml(notebook, runner.results(), { dataName: path.basename(data) }));
    const failed = cells.filter((c) => c.status === 'error');
    return {
      json: { cells, report, warnings },
      text: [...cells.map(line), `Report: ${report}`, ...warnings].join('\n'),
      ...(failed.length > 0 ? { failure: failureLine(notebookFile, failed) } : {}),
    };
  } finally {
    trainer.terminate();
    await db.close();
  }
};

function readNotebook(file: string): ReturnType<typeof parseNotebook> {
  try {
    return parseNotebook(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof NotebookParseError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

function line(cell: CellSummary): string {
  const mark = { ok: '✓', error: '✗', stale: '…', info: 'i' }[cell.status as string] ?? '?';
  const rows = cell.rows === null ? '' : `${cell.rows} rows`;
  const ms = cell.ms === null ? '' : `${cell.ms} ms`;
  const detail = cell.error ?? cell.note ?? '';
  return [mark, cell.name.padEnd(24), rows.padEnd(12), ms.padEnd(10), detail].join(' ').trimEnd();
}

function failureLine(file: string, failed: CellSummary[]): string {
  const [first] = failed as [CellSummary];
  const at = first.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ''})` : '';
  const more = failed.length > 1 ? ` ${failed.length - 1} more cell(s) failed too.` : '';
  return `${file}: cell ${first.name} failed${at}: ${first.error}${more}`;
}

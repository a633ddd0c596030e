/**
 * The exported report: ONE self-contained HTML file (inline CSS, inline SVG charts, no scripts, no
 * external references) for sharing. By default it holds the readings (prose, model sentences), the
 * charts and the summary tables, with code hidden and tables that list customers left out (or their ids
 * hashed, or kept, when asked); the title appears once; a report larger than a mail attachment carries
 * is written again with shorter tables. A CSP meta tag forbids scripts and loads even if something
 * slipped through.
 */
import { moneyConfig } from '../charts/money';
import { sha256Hex } from '../export/hash';
import { specWithData } from './chart-data';
import { renderChartSvg } from './chart-render';
import { safeSvg } from './safe-svg';
import { escapeHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderModelHtml } from './report-model';
import { REPORT_CSS } from './report-style';
import { renderTableHtml } from './report-table';
import type { CellResult } from './results';
import type { Cell, Notebook } from './types';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';

/** How the report is written. */
export interface ReportOptions {
  /** Rows shown per table (default 100). */
  maxRows?: number;
  /** Show each cell's code too (default false: report mode). */
  showCode?: boolean;
  /** When the report was made (default now); printed in the footer. */
  generatedAt?: Date;
  /** The name of the data file, printed under the title. */
  dataName?: string;
  /** Vega-Lite config for the charts (e.g. the currency of money formats, src/charts/money.ts). */
  chartConfig?: Record<string, unknown>;
  /** What goes in (default DEFAULT_REPORT_CONTENTS). */
  contents?: Partial<ReportContents>;
}

/** The parts of a notebook a report holds. */
export interface ReportContents {
  /** Markdown prose and the model sentences. */
  readings: boolean;
  /** Chart cells and the model charts. */
  charts: boolean;
  /** Result tables. */
  tables: boolean;
  /** Tables with a customer column: left out, with the ids replaced by their SHA-256, or as they are. */
  customerIds: 'omit' | 'hash' | 'keep';
}

/** Charts and readings, summary tables; no table of customers; no code. */
export const DEFAULT_REPORT_CONTENTS: ReportContents = { readings: true, charts: true, tables: true, customerIds: 'omit' };

/** What a mail attachment can carry with room to spare: a larger report is written again with shorter tables. */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** Columns that identify a customer: a table with one lists people. */
const CUSTOMER_COLUMN = /^(customer(_id|_email|_name)?|email|e_mail|user_id|buyer(_id)?|client(_id)?)$/i;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The report of `nb` with the given results, as one HTML document. */
export async function renderReportHtml(
  nb: Notebook,
  results: ReadonlyMap<string, CellResult>,
  options: ReportOptions = {},
): Promise<string> {
  const html = await renderOnce(nb, results, options);
  if (new TextEncoder().encode(html).byteLength <= MAX_REPORT_BYTES || (options.maxRows ?? 100) <= 10) return html;
  return renderReportHtml(nb, results, { ...options, maxRows: Math.floor((options.maxRows ?? 100) / 5) });
}

async function renderOnce(nb: Notebook, results: ReadonlyMap<string, CellResult>, options: ReportOptions): Promise<string> {
  const contents = { ...DEFAULT_REPORT_CONTENTS, ...options.contents };
  const sections: string[] = [];
  for (const cell of nb.cells) sections.push(await renderCell(cell, results.get(cell.id), options, contents));
  const title = nb.title.trim() || 'Cohortbook report';
  // The title once: not again when the notebook opens with it as its own heading.
  const opensWithTitle = contents.readings && startsWithHeading(nb.cells[0], title);
  const when = (options.generatedAt ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
  const data = options.dataName ? `<p class="meta">Data: ${escapeHtml(options.dataName)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${opensWithTitle ? '' : `<h1 class="report-title">${escapeHtml(title)}</h1>`}
${data}
${sections.filter(Boolean).join('\n')}
<footer>Made with Cohortbook on ${escapeHtml(when)} UTC. Computed on this computer; no data left it.</footer>
</main>
</body>
</html>
`;
}

async function renderCell(cell: Cell, given: CellResult | undefined, options: ReportOptions, contents: ReportContents): Promise<string> {
  let result = given;
  if (cell.kind === 'markdown') return contents.readings ? `<section class="prose">${renderMarkdown(cell.source)}</section>` : '';
  if (cell.kind === 'chart' && !contents.charts) return '';
  if (cell.kind === 'model' && !contents.charts && !contents.readings) return '';
  let output = result?.status === 'ok' ? result.output : undefined;
  if (output?.kind === 'table') {
    if (!contents.tables) return '';
    if (contents.customerIds === 'omit' && customerColumns(output.preview).length > 0) return '';
  }
  if (output?.kind === 'chart' && contents.customerIds !== 'keep') {
    // A chart that draws customer ids (axis labels, mark labels, a tooltip field) is left out like a table of them.
    const drawn = chartWithoutCustomers(output);
    if (!drawn) return '';
    output = drawn;
    result = { ...(result as CellResult), output };
  }
  const code = options.showCode ? `<pre class="code"><code>${escapeHtml(cell.source)}</code></pre>` : '';
  const heading = `<h2 class="cell-name">${escapeHtml(cell.name)}</h2>`;
  return `<section class="cell cell-${cell.kind}">${heading}${code}${await renderOutput(result, options, contents)}</section>`;
}

async function renderOutput(result: CellResult | undefined, options: ReportOptions, contents: ReportContents): Promise<string> {
  if (!result || result.status === 'idle' || result.status === 'queued' || result.status === 'running') {
    return note('This cell has not run.');
  }
  if (result.status === 'error') {
    const where = result.error?.line ? ` (line ${result.error.line}${result.error.column ? `, column ${result.error.column}` : ''})` : '';
    return `<p class="error">${escapeHtml((result.error?.message ?? 'Failed.') + where)}</p>`;
  }
  if (result.status === 'stale') return note(result.staleReason ?? 'Not up to date.');
  const output = result.output;
  if (!output) return '';
  if (output.kind === 'info') return note(output.message);
  if (output.kind === 'table') {
    const hashed = contents.customerIds === 'hash' ? await hashColumns(output.preview, customerColumns(output.preview), options.maxRows ?? 100) : undefined;
    return renderTableHtml(output.preview, output.rowCount, options.maxRows ?? 100, hashed);
  }
  const config = options.chartConfig ?? moneyConfig(null);
  if (output.kind === 'model') {
    const chart = async (spec: Record<string, unknown>) => `<figure class="chart">${safeSvg(await renderChartSvg(spec, config))}</figure>`;
    return renderModelHtml(output.summary, chart, { sentence: contents.readings, charts: contents.charts });
  }
  const notice = output.notice ? note(output.notice) : '';
  try {
    return `<figure class="chart">${safeSvg(await renderChartSvg(specWithData(output.spec, output.data), config))}</figure>${notice}`;
  } catch (error) {
    return `<p class="error">${escapeHtml(`The chart could not be drawn: ${(error as Error).message}`)}</p>`;
  }
}

/**
 * The chart's output without customer ids: their columns dropped from its data when the chart does not draw
 * them, or null when it does (a chart of ids is left out of the report, like a table of them).
 */
function chartWithoutCustomers(output: Extract<NonNullable<CellResult['output']>, { kind: 'chart' }>): typeof output | null {
  const table = tableFromIPC(output.data);
  const ids = customerColumns(table);
  if (ids.length === 0) return output;
  const spec = JSON.stringify(output.spec);
  if (ids.some((name) => spec.includes(JSON.stringify(name)))) return null;
  const kept = table.schema.fields.map((f) => f.name).filter((name) => !ids.includes(name));
  return { ...output, data: tableToIPC(table.select(kept), 'stream') };
}

/** The columns of `table` that identify customers. */
function customerColumns(table: Table): string[] {
  return table.schema.fields.map((f) => f.name).filter((name) => CUSTOMER_COLUMN.test(name));
}

/** SHA-256 (hex) of the shown values of `columns`, by column name and row. */
async function hashColumns(table: Table, columns: string[], maxRows: number): Promise<Map<string, (string | null)[]>> {
  const hashed = new Map<string, (string | null)[]>();
  for (const name of columns) {
    const vector = table.getChild(name);
    const values: (string | null)[] = [];
    for (let r = 0; r < Math.min(maxRows, table.numRows); r++) {
      const value = vector?.get(r);
      values.push(value === null || value === undefined ? null : await sha256Hex(String(value)));
    }
    hashed.set(name, values);
  }
  return hashed;
}

/** Whether `cell` is Markdown that opens with `title` as a heading. */
function startsWithHeading(cell: Cell | undefined, title: string): boolean {
  if (cell?.kind !== 'markdown') return false;
  const first = /^\s*#{1,2}\s+(.+?)\s*#*\s*$/m.exec(cell.source.trimStart().split('\n')[0] ?? '');
  return first?.[1]?.trim().toLowerCase() === title.trim().toLowerCase();
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

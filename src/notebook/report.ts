/**
 * The exported report: ONE self-contained HTML file (inline CSS, inline SVG charts, no scripts, no
 * external references) showing prose, charts and tables — code hidden, as in report mode. A CSP
 * meta tag forbids scripts and loads even if something slipped through.
 */
import { moneyConfig } from '../charts/money';
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
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The report of `nb` with the given results, as one HTML document. */
export async function renderReportHtml(
  nb: Notebook,
  results: ReadonlyMap<string, CellResult>,
  options: ReportOptions = {},
): Promise<string> {
  const sections: string[] = [];
  for (const cell of nb.cells) sections.push(await renderCell(cell, results.get(cell.id), options));
  const title = nb.title.trim() || 'Cohortbook report';
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
<h1 class="report-title">${escapeHtml(title)}</h1>
${data}
${sections.join('\n')}
<footer>Made with Cohortbook on ${escapeHtml(when)} UTC. Computed on this computer; no data left it.</footer>
</main>
</body>
</html>
`;
}

async function renderCell(cell: Cell, result: CellResult | undefined, options: ReportOptions): Promise<string> {
  if (cell.kind === 'markdown') return `<section class="prose">${renderMarkdown(cell.source)}</section>`;
  const code = options.showCode ? `<pre class="code"><code>${escapeHtml(cell.source)}</code></pre>` : '';
  const heading = `<h2 class="cell-name">${escapeHtml(cell.name)}</h2>`;
  return `<section class="cell cell-${cell.kind}">${heading}${code}${await renderOutput(result, options)}</section>`;
}

async function renderOutput(result: CellResult | undefined, options: ReportOptions): Promise<string> {
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
  if (output.kind === 'table') return renderTableHtml(output.preview, output.rowCount, options.maxRows ?? 100);
  const config = options.chartConfig ?? moneyConfig(null);
  if (output.kind === 'model') return renderModelHtml(output.summary, async (spec) => `<figure class="chart">${safeSvg(await renderChartSvg(spec, config))}</figure>`);
  const notice = output.notice ? note(output.notice) : '';
  try {
    return `<figure class="chart">${safeSvg(await renderChartSvg(specWithData(output.spec, output.data), config))}</figure>${notice}`;
  } catch (error) {
    return `<p class="error">${escapeHtml(`The chart could not be drawn: ${(error as Error).message}`)}</p>`;
  }
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/db';
import { openNodeDb } from '../../../src/engine/node';
import { renderReportHtml } from '../../../src/notebook/report';
import { renderMarkdown } from '../../../src/notebook/markdown';
import { createRunner } from '../../../src/notebook/runner';
import type { Notebook } from '../../../src/notebook/types';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

const EVIL = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];

/** Tags of an HTML text with their attributes (name → value), by a small scanner. */
function tags(html: string): { tag: string; attributes: Map<string, string> }[] {
  const found: { tag: string; attributes: Map<string, string> }[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    const attributes = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      attributes.set((a[1] ?? '').toLowerCase(), (a[2] ?? '').replace(/^["']|["']$/g, ''));
    }
    found.push({ tag: (m[1] ?? '').toLowerCase(), attributes });
  }
  return found;
}

function assertInert(html: string): void {
  const all = tags(html);
  expect(all.length).toBeGreaterThan(10);
  expect(html).not.toMatch(/<script/i);
  expect(all.filter((t) => ['script', 'iframe', 'object', 'embed', 'foreignobject'].includes(t.tag))).toEqual([]);
  expect(all.flatMap((t) => [...t.attributes.keys()].filter((k) => k.startsWith('on')))).toEqual([]);
  const urls = all.flatMap((t) => ['href', 'src', 'xlink:href', 'action'].map((k) => t.attributes.get(k)).filter((v): v is string => v !== undefined));
  expect(urls.filter((u) => /^\s*(javascript|vbscript|data:text)/i.test(u))).toEqual([]);
  expect(all.filter((t) => t.tag === 'link' || (t.tag === 'img' && !/^data:image\//.test(t.attributes.get('src') ?? '')))).toEqual([]);
}

describe('renderReportHtml', () => {
  it('the scanner used below does see an active payload', () => {
    expect(() => assertInert('<p>a</p>'.repeat(11) + '<img src=x onerror=alert(1)>')).toThrow();
    expect(() => assertInert('<p>a</p>'.repeat(11) + '<a href="javascript:alert(1)">x</a>')).toThrow();
  });

  it('keeps markup from Markdown, column names and values inert', async () => {
    const quoted = EVIL.map((e) => `'${e.replaceAll("'", "''")}'`);
    const nb: Notebook = {
      id: 'n',
      title: '<script>alert("title")</script>',
      cells: [
        { id: 'm', kind: 'markdown', source: EVIL.join('\n\n') + '\n\n![t](https://tracker.example/p.png) <a href="javascript:alert(2)">raw</a>' },
        { id: 's', kind: 'sql', name: 'evil', source: `SELECT ${quoted[0]} AS "${EVIL[0]}", ${quoted[1]} AS "${EVIL[1]}", ${quoted[2]} AS label, 3 AS n` },
        {
          id: 'c',
          kind: 'chart',
          name: 'evil_chart',
          data: 'evil',
          source: JSON.stringify({
            title: EVIL[1],
            mark: { type: 'bar', href: 'javascript:alert(3)' },
            encoding: { x: { field: EVIL[0], type: 'nominal' }, y: { field: 'n', type: 'quantitative' }, href: { field: 'label' } },
          }),
        },
      ],
    };
    const runner = createRunner(db);
    await runner.runAll(nb);
    expect(runner.result('c')?.status).toBe('ok');
    const html = await renderReportHtml(nb, runner.results(), { generatedAt: new Date('2025-01-02T03:04:00Z') });
    assertInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/<figure class="chart"><svg[^>]*>/);
    expect(html).not.toContain('could not be drawn');
    expect(html).toContain('1 row</caption>');
    expect(html).toContain('[t]');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('refuses javascript:, vbscript: and data: links in Markdown but keeps ordinary ones', () => {
    const html = renderMarkdown('[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html;base64,PHNjcmlwdD4=) [d](https://example.com)');
    expect(html).not.toMatch(/href="(javascript|vbscript|data)/);
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">d</a>');
    expect(renderMarkdown('[e](file:///etc/passwd) ![p](https://example.com/p.png)')).not.toMatch(/href="file|src="https/);
  });

  it('shows the first rows with the row count, errors and stale cells, and hides code', async () => {
    const nb: Notebook = {
      id: 'n',
      title: 'T',
      cells: [
        { id: 'a', kind: 'sql', name: 'many', source: 'SELECT range AS x FROM range(250)' },
        { id: 'b', kind: 'sql', name: 'bad', source: 'SELEC 1' },
        { id: 'c', kind: 'sql', name: 'after_bad', source: 'SELECT * FROM bad' },
      ],
    };
    const runner = createRunner(db);
    await runner.runAll(nb);
    const html = await renderReportHtml(nb, runner.results(), { maxRows: 100 });
    expect(html.match(/<tr>/g)?.length).toBe(101);
    expect(html).toContain('250 rows; the first 100 are shown.');
    expect(html).toContain('<p class="error">Parser Error: syntax error at or near &quot;SELEC&quot; (line 1, column 1)</p>');
    expect(html).toContain('Blocked by bad.');
    expect(html).not.toContain('range(250)');
  });
});

describe('what goes into a report', () => {
  const nb: Notebook = {
    id: 'r',
    title: 'Spring review',
    cells: [
      { id: 'm', kind: 'markdown', source: '# Spring review\n\nWho came back this spring.' },
      { id: 'a', kind: 'sql', name: 'buyers', source: "SELECT * FROM (VALUES ('C001', 3), ('=C002', 1)) t(customer_id, orders)" },
      { id: 'b', kind: 'sql', name: 'totals', source: 'SELECT 2 AS customers, 4 AS orders' },
      {
        id: 'c',
        kind: 'chart',
        name: 'orders_chart',
        data: 'totals',
        source: JSON.stringify({ mark: 'bar', encoding: { x: { field: 'customers', type: 'ordinal' }, y: { field: 'orders', type: 'quantitative' } } }),
      },
    ],
  };
  const run = async () => {
    const runner = createRunner(db);
    await runner.runAll(nb);
    return runner.results();
  };

  it('holds readings, charts and summary tables by default, leaves tables of customers out, and says the title once', async () => {
    const html = await renderReportHtml(nb, await run());
    expect(html.match(/Spring review<\/h1>/g)).toHaveLength(1);
    expect(html).toContain('Who came back this spring.');
    expect(html).toContain('<svg');
    expect(html).toMatch(/<h2 class="cell-name">totals<\/h2>/);
    expect(html).not.toMatch(/<h2 class="cell-name">buyers<\/h2>/);
    expect(html).not.toContain('<td>C001</td>');
  });

  it('hashes the customer ids when asked, keeps them when asked, and leaves out what is unticked', async () => {
    const results = await run();
    const hashed = await renderReportHtml(nb, results, { contents: { customerIds: 'hash' } });
    expect(hashed).toMatch(/<h2 class="cell-name">buyers<\/h2>/);
    expect(hashed).not.toContain('C001');
    expect(hashed).toContain(`<td>${await sha256('C001')}</td>`);
    const kept = await renderReportHtml(nb, results, { contents: { customerIds: 'keep' } });
    expect(kept).toContain('<td>C001</td>');
    const bare = await renderReportHtml(nb, results, { contents: { readings: false, charts: false } });
    expect(bare).not.toContain('Who came back');
    expect(bare).not.toContain('<svg');
    expect(bare.match(/Spring review<\/h1>/g)).toHaveLength(1);
  });
});

describe('charts in a report', () => {
  // Two charts over a table of customers: one draws the ids (its bars are customers) and is left out; the
  // other only places amounts, so it stays (its data goes in without the id column).
  const nb: Notebook = {
    id: 'c',
    title: 'Charts of customers',
    cells: [
      { id: 'a', kind: 'sql', name: 'spend', source: "SELECT * FROM (VALUES ('C001', 30.0), ('C002', 10.0)) t(customer_id, spent)" },
      {
        id: 'b',
        kind: 'chart',
        name: 'per_customer',
        data: 'spend',
        source: JSON.stringify({ mark: 'bar', encoding: { x: { field: 'customer_id', type: 'nominal' }, y: { field: 'spent', type: 'quantitative' } } }),
      },
      {
        id: 'c',
        kind: 'chart',
        name: 'spend_histogram',
        data: 'spend',
        source: JSON.stringify({ mark: 'point', encoding: { x: { field: 'spent', type: 'quantitative' } } }),
      },
    ],
  };

  it('leaves out a chart that draws customer ids and keeps the others, unless asked to keep the ids', async () => {
    const runner = createRunner(db);
    await runner.runAll(nb);
    const results = runner.results();
    for (const customerIds of ['omit', 'hash'] as const) {
      const html = await renderReportHtml(nb, results, { contents: { customerIds } });
      expect(html).not.toMatch(/<h2 class="cell-name">per_customer<\/h2>/);
      expect(html).toMatch(/<h2 class="cell-name">spend_histogram<\/h2>/);
      expect(html).not.toContain('C001');
    }
    const kept = await renderReportHtml(nb, results, { contents: { customerIds: 'keep' } });
    expect(kept).toMatch(/<h2 class="cell-name">per_customer<\/h2>/);
    expect(kept).toContain('C001');
  });
});

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

import { describe, expect, it } from 'vitest';
import { Random } from '../../../samples/random';
import { NotebookParseError, parse, parseNotebook, serialise } from '../../../src/notebook/format';
import type { Cell, Notebook } from '../../../src/notebook/types';

const FRAGMENTS = [
  '```', '````', '`', '``', '```sql', '```sql name=x', '````chart name=c data=t', '```model', '```markdown-cell',
  '```python', '~~~', '<!-- cell -->', '<!-- cell collapsed -->', '<!--cell-->', '---', '...', 'title: Hi',
  '\r\n', '\n', '\n\n', '\r', ' ', '   ', '\t', 'é中文🙂', 'SELECT 1', '"quoted"', "'", '=', '#', '# Heading',
  '- item', '> quote', '<script>alert(1)</script>', 'a', 'word', '\\', '{"mark":"bar"}',
];
const TITLES = ['', 'Tour', 'A tour of your shop', '  padded  ', 'colon: here', '"quoted"', "it's", '中文标题', 'line\nbreak', '---'];

function text(rng: Random): string {
  const n = rng.int((8) + 1);
  let out = '';
  for (let i = 0; i < n; i++) out += FRAGMENTS[rng.int((FRAGMENTS.length - 1) + 1)];
  return out;
}

function randomNotebook(rng: Random): Notebook {
  const cells: Cell[] = [];
  const count = rng.int((7) + 1);
  for (let i = 0; i < count; i++) {
    const kind = (['markdown', 'markdown', 'sql', 'chart', 'model'] as const)[rng.int((4) + 1)];
    const extra = {
      ...(rng.next() < 0.2 ? { collapsed: true } : {}),
      ...(rng.next() < 0.2 ? { origin: rng.next() < 0.5 ? 'cohort' : text(rng) } : {}),
    };
    const id = `x${i}`;
    if (kind === 'markdown') cells.push({ id, kind, source: text(rng), ...extra });
    else if (kind === 'chart') cells.push({ id, kind, name: `c_${i}`, data: rng.next() < 0.5 ? `t_${i}` : text(rng), source: text(rng), ...extra });
    else cells.push({ id, kind, name: `n_${i}`, source: text(rng), ...extra });
  }
  return { id: 'nb', title: TITLES[rng.int((TITLES.length - 1) + 1)] as string, cells };
}

function withoutIds(nb: Notebook): unknown {
  return { title: nb.title, cells: nb.cells.map(({ id: _id, ...rest }) => rest) };
}

describe('serialise / parse round trip', () => {
  it('gives back 1,000 seeded random notebooks with backticks, markers, front matter, CRLF and unicode', () => {
    const rng = new Random(20240611);
    for (let i = 0; i < 1000; i++) {
      const nb = randomNotebook(rng);
      const file = serialise(nb);
      let back: Notebook;
      try {
        back = parse(file);
      } catch (error) {
        throw new Error(`notebook ${i} did not parse: ${(error as Error).message}\n${JSON.stringify(file)}`);
      }
      expect(withoutIds(back), JSON.stringify(file)).toEqual(withoutIds(nb));
      expect(serialise(back)).toBe(file);
    }
  });

  it('keeps two adjacent Markdown cells apart with a marker', () => {
    const nb: Notebook = {
      id: 'n',
      title: '',
      cells: [
        { id: 'a', kind: 'markdown', source: 'First' },
        { id: 'b', kind: 'markdown', source: 'Second' },
      ],
    };
    expect(serialise(nb)).toBe('First\n\n<!-- cell -->\n\nSecond\n');
    expect(parse(serialise(nb)).cells.map((c) => c.source)).toEqual(['First', 'Second']);
  });

  it('writes code cells as fenced blocks longer than any backtick run inside', () => {
    const nb: Notebook = {
      id: 'n',
      title: 'T',
      cells: [{ id: 'a', kind: 'sql', name: 'q', source: "SELECT '````' AS ticks", collapsed: true, origin: 'cohort' }],
    };
    expect(serialise(nb)).toBe("---\ntitle: T\n---\n\n`````sql name=q collapsed origin=cohort\nSELECT '````' AS ticks\n`````\n");
  });

  it('writes prose that holds a cell fence inside a markdown-cell fence', () => {
    const nb: Notebook = { id: 'n', title: '', cells: [{ id: 'a', kind: 'markdown', source: 'Example:\n```sql\nSELECT 1\n```' }] };
    const file = serialise(nb);
    expect(file.startsWith('````markdown-cell\n')).toBe(true);
    expect(parse(file).cells).toEqual([{ id: expect.any(String), kind: 'markdown', source: nb.cells[0]?.source }]);
  });
});

describe('parse: hand-written files', () => {
  it('reads a plain file: title, prose, a sql block without a name, a chart and other languages as prose', () => {
    const file = [
      '---',
      'title: "My shop"',
      '---',
      '# Hello',
      '',
      '```python',
      'print(1)',
      '```',
      '```sql',
      'SELECT 1',
      '```',
      '```sql',
      'SELECT 2',
      '```',
      '```chart name=c data=query',
      '{}',
      '```',
      '',
    ].join('\n');
    const nb = parse(file);
    expect(nb.title).toBe('My shop');
    expect(nb.cells.map((c) => [c.kind, 'name' in c ? c.name : null, c.source])).toEqual([
      ['markdown', null, '# Hello\n\n```python\nprint(1)\n```'],
      ['sql', 'query', 'SELECT 1'],
      ['sql', 'query_2', 'SELECT 2'],
      ['chart', 'c', '{}'],
    ]);
  });

  it('reads a CRLF file like the same file with LF', () => {
    const lf = '---\ntitle: T\n---\n\nIntro\n\n```sql name=a\nSELECT 1\n```\n';
    expect(withoutIds(parse(lf.replaceAll('\n', '\r\n')))).toEqual(withoutIds(parse(lf)));
    expect(parse(lf.replaceAll('\n', '\r\n')).cells[1]?.source).toBe('SELECT 1');
  });

  it.each([
    ['an unterminated quote', '```sql name="orders\nSELECT 1\n```\n', 1, /cannot read/],
    ['a stray symbol', 'Intro\n\n```chart name=c data=t {x}\n{}\n```\n', 3, /name=value pairs/],
    ['an invalid name', '```sql name=my-table\nSELECT 1\n```\n', 1, /not a valid name/],
    ['a duplicate name', '```sql name=a\nSELECT 1\n```\n\n```sql name=A\nSELECT 2\n```\n', 5, /already named/],
    ['a keyword as name', '```sql name=select\nSELECT 1\n```\n', 1, /SQL word/],
    ['an unclosed block', 'x\n\n```sql name=a\nSELECT 1\n', 3, /never closed/],
    ['a bad quoted title', '---\ntitle: "oops\n---\n', 2, /title/],
  ])('reports %s with its line number', (_what, file, line, message) => {
    let caught: unknown;
    try {
      parse(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotebookParseError);
    expect((caught as NotebookParseError).line).toBe(line);
    expect((caught as Error).message).toMatch(new RegExp(`^Line ${line}: `));
    expect((caught as Error).message).toMatch(message);
  });

  it('warns about unknown attributes and front matter keys instead of failing', () => {
    const { notebook, warnings } = parseNotebook('---\ntitle: T\nauthor: me\n---\n\n```sql name=a colour=red\nSELECT 1\n```\n');
    expect(notebook.cells).toHaveLength(1);
    expect(warnings).toEqual([
      'Line 3: front matter key “author” was ignored.',
      'Line 6: the attribute “colour” means nothing on a sql cell and was ignored.',
    ]);
  });

  it('reads an empty file as an empty notebook', () => {
    expect(parse('')).toMatchObject({ title: '', cells: [] });
  });
});

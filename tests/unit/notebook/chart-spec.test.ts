import { describe, expect, it } from 'vitest';
import { checkChartSpec, inlineData } from '../../../src/notebook/chart-spec';
import { safeSvg } from '../../../src/notebook/safe-svg';

describe('checkChartSpec', () => {
  it.each([
    ['top-level data url', { data: { url: 'https://evil.example/x.csv' }, mark: 'bar' }, 'data.url'],
    ['a lookup from a url', { mark: 'bar', transform: [{ lookup: 'id', from: { data: { url: 'x.json' }, key: 'id' } }] }, 'transform.0.lookup'],
    ['an image mark url channel', { mark: 'image', encoding: { url: { field: 'img' } } }, 'encoding.url'],
    ['a layer data url', { layer: [{ data: { url: 'file:///etc/passwd' }, mark: 'point' }] }, 'layer.0.data.url'],
    ['a url() fill', { mark: { type: 'bar', fill: 'url(https://evil.example/x.png)' } }, 'mark.fill'],
    ['a url() stroke in a condition', { mark: 'line', encoding: { stroke: { condition: { test: 'true', value: "URL( 'http://x' )" }, value: 'red' } } }, 'encoding.stroke.condition.value'],
    ['a url() background', { background: 'url(//evil.example/bg.png)', mark: 'point' }, 'background'],
    ['a url() in a config style', { mark: 'point', config: { style: { cell: { fill: 'url(file:///etc/passwd)' } } } }, 'config.style.cell.fill'],
  ])('refuses %s', (_what, spec, path) => {
    const result = checkChartSpec(JSON.stringify(spec));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('Charts cannot load files or web addresses');
      expect(result.message.includes(path) || path === 'transform.0.lookup').toBe(true);
    }
  });

  it('lets a chart refer to its own gradients with url(#id)', () => {
    expect(checkChartSpec(JSON.stringify({ mark: { type: 'bar', fill: 'url(#gradient_1)' } })).ok).toBe(true);
  });

  it('removes links, usermeta and loader settings wherever they are', () => {
    const spec = {
      mark: { type: 'bar', href: 'javascript:alert(1)' },
      encoding: { x: { field: 'a' }, href: { field: 'link' } },
      usermeta: { embedOptions: { loader: { baseURL: 'https://x' } } },
      config: { loader: { baseURL: 'https://x' } },
    };
    const result = checkChartSpec(JSON.stringify(spec));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec).toEqual({ mark: { type: 'bar' }, encoding: { x: { field: 'a' } }, config: {} });
    expect(result.removed).toEqual(['mark.href', 'encoding.href', 'usermeta', 'config.loader']);
    expect(JSON.stringify(result.spec)).not.toMatch(/javascript:|href|usermeta|loader/);
  });

  it('gives the line and column of a JSON mistake', () => {
    const result = checkChartSpec('{\n  "mark": "bar",\n  "encoding": }');
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.line, result.column]).toEqual([3, 15]);
  });

  it('refuses non-objects and empty specs with a message', () => {
    expect(checkChartSpec('[1]')).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
    expect(checkChartSpec('  ')).toMatchObject({ ok: false, message: expect.stringContaining('no spec') });
  });

  it('inlines rows as the top-level data, replacing what was there', () => {
    expect(inlineData({ mark: 'bar', data: { name: 'x' } }, [{ a: 1 }])).toEqual({ mark: 'bar', data: { values: [{ a: 1 }] } });
  });
});

describe('safeSvg', () => {
  it('passes Vega’s own clip paths and gradients, and text that merely mentions url(', () => {
    const svg = '<svg><g clip-path="url(#clip1)"><path fill="url(#gradient_1)"></path><text>see url(http://x)</text></g></svg>';
    expect(safeSvg(svg)).toBe(svg);
  });

  it.each([
    ['an external fill', '<svg><path fill="url(https://evil.example/x.png)"></path></svg>'],
    ['a style with a url', '<svg><rect style="fill: url( \'//evil.example/x\' )"></rect></svg>'],
    ['an image', '<svg><image width="1"></image></svg>'],
    ['a script', '<svg><script>alert(1)</script></svg>'],
  ])('refuses %s', (_what, svg) => {
    expect(() => safeSvg(svg)).toThrow();
  });
});

/**
 * Draws a Vega-Lite spec under the app's strict CSP: vega-embed with `ast: true` and vega-interpreter
 * (no `new Function`), a loader that refuses every URL (charts never fetch), no embed menu (it links
 * to the online editor), and colours taken from the app's theme. Vega loads on first use.
 */
import type { View } from 'vega';

/** A drawn chart. */
export interface DrawnChart {
  view: View;
  destroy(): void;
}

/** Colours of the app's current theme, read from its CSS variables. */
export function themeConfig(root: Element = document.documentElement): Record<string, unknown> {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const text = v('--text', '#1d1d1b');
  const muted = v('--muted', '#6b6b66');
  const border = v('--border', '#dcdcd6');
  const font = v('--font', 'system-ui, sans-serif');
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const palette = dark
    ? ['#6fbf93', '#8ab4ff', '#f0b86e', '#e58fb4', '#b7a4f0', '#6fd0d6', '#f08a78', '#c9c97a']
    : ['#2f6f4f', '#2b63c6', '#c77c1e', '#b3416d', '#6a51b8', '#23868c', '#a4301f', '#7d7a2b'];
  return {
    background: 'transparent',
    font,
    view: { stroke: 'transparent' },
    axis: { labelColor: muted, titleColor: text, gridColor: border, domainColor: border, tickColor: border, labelFont: font, titleFont: font, titleFontWeight: 600 },
    legend: { labelColor: muted, titleColor: text, labelFont: font, titleFont: font },
    header: { labelColor: text, titleColor: text, labelFont: font, titleFont: font },
    title: { color: text, font, fontWeight: 600, anchor: 'start' },
    range: { category: palette, ramp: { scheme: dark ? 'tealblues' : 'greens' }, heatmap: { scheme: dark ? 'tealblues' : 'greens' } },
    mark: { color: palette[0] },
    bar: { color: palette[0] },
    line: { color: palette[0] },
    point: { color: palette[0] },
    area: { color: palette[0], opacity: 0.85 },
  };
}

/** Draws `spec` (data already inlined) into `element`. */
export async function drawChart(element: HTMLElement, spec: Record<string, unknown>, width: number): Promise<DrawnChart> {
  const [{ default: embed }, { expressionInterpreter }, { refusingLoader }] = await Promise.all([
    import('vega-embed'),
    import('vega-interpreter'),
    import('../../notebook/chart-render'),
  ]);
  const sized = 'width' in spec || 'facet' in spec || 'repeat' in spec || 'concat' in spec || 'hconcat' in spec || 'vconcat' in spec
    || hasFacetChannel(spec) ? spec : { autosize: { type: 'fit-x', contains: 'padding' }, ...spec, width: Math.max(320, Math.min(width, 1000)) };
  const result = await embed(element, sized as never, {
    ast: true,
    expr: expressionInterpreter,
    actions: false,
    renderer: 'svg',
    loader: refusingLoader(),
    config: themeConfig(),
    defaultStyle: false,
    tooltip: { theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light' },
  });
  return { view: result.view, destroy: () => result.finalize() };
}

function hasFacetChannel(spec: Record<string, unknown>): boolean {
  const encoding = spec.encoding;
  return typeof encoding === 'object' && encoding !== null && ('facet' in encoding || 'row' in encoding || 'column' in encoding);
}

/** The chart as a PNG data URL (twice the screen resolution) or as SVG text. */
export async function exportChart(view: View, format: 'png' | 'svg'): Promise<Blob> {
  if (format === 'svg') return new Blob([await view.toSVG()], { type: 'image/svg+xml' });
  return dataUrlToBlob(await view.toImageURL('png', 2));
}

/** Decodes a base64 data URL without fetch (the CSP's connect-src does not allow data: URLs). */
function dataUrlToBlob(url: string): Blob {
  const [head = '', body = ''] = url.split(',', 2);
  const type = /^data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

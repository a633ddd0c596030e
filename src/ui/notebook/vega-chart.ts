/**
 * Draws Vega-Lite specs under the app's strict CSP: Vega parses with `ast: true` and evaluates with
 * vega-interpreter (no `new Function`), a loader refuses every URL (charts never fetch), colours come
 * from the app's theme. Static charts are drawn in the chart worker; Vega loads in the page only for
 * the few charts that need a live view.
 */
import type { View } from 'vega';
import { moneyConfig } from '../../charts/money';
import { locale } from '../locale.svelte';
import { shopMoney } from '../money.svelte';
import { moneyMarks } from '../number-meaning';
import { insertSvgInFrames } from '../svg-frames';
import { nextTask, queueUiWork } from '../ui-queue';
import { theme } from '../theme.svelte';

/** A chart drawn in the page by a live Vega view (it can change in place or react to the pointer). */
export interface LiveChart {
  view: View;
  destroy(): void;
}

/** A drawn chart, whichever way it was drawn. */
export interface DrawnChart {
  /** The chart as SVG text. */
  svg(): Promise<string>;
  /** The chart as a PNG at twice the screen resolution. */
  png(): Promise<Blob>;
  /** True when a live view draws it (it shows its own tooltips). */
  live: boolean;
  destroy(): void;
}

/** The lines of a mark's ARIA description (`Field: value; Field: value`), as the hover label shows them. */
export function markLabelLines(description: string): string[] {
  return description.split('; ').filter((line) => line.trim() !== '');
}

/** Colours of the app's current theme, read from its CSS variables. */
export function themeConfig(root: Element = document.documentElement): Record<string, unknown> {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const text = v('--text', '#1d1d1b');
  const muted = v('--muted', '#6b6b66');
  const border = v('--border', '#dcdcd6');
  const font = v('--font', 'system-ui, sans-serif');
  const dark = theme.dark;
  const palette = dark
    ? ['#6fbf93', '#8ab4ff', '#f0b86e', '#e58fb4', '#b7a4f0', '#6fd0d6', '#f08a78', '#c9c97a']
    : ['#2f6f4f', '#2b63c6', '#c77c1e', '#b3416d', '#6a51b8', '#23868c', '#a4301f', '#7d7a2b'];
  return {
    ...moneyConfig(moneyMarks(shopMoney.currency, locale.lang), locale.lang),
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

/**
 * Draws `spec` with the rows of `data` (an Arrow IPC stream; null when the spec inlines its own) into
 * `element`. A static chart is drawn as SVG text by the chart worker (the rows go there as bytes) and
 * only inserted here, so no chart, however many rows it has, blocks the page; its hover
 * labels come from the marks' ARIA descriptions (VegaView shows them). A spec with `params` (selections,
 * bound inputs) needs a live view and is drawn in the page. Insertion goes through the UI queue, one
 * chart per task. Resolves to null when `cancelled()` turns true first.
 */
export async function drawChart(
  element: HTMLElement,
  spec: Record<string, unknown>,
  data: Uint8Array | null,
  width: number,
  cancelled: () => boolean = () => false,
): Promise<DrawnChart | null> {
  if (needsLiveView(spec)) {
    const { specWithData } = await import('../../notebook/chart-data');
    const live = await drawLiveChart(element, specWithData(spec, data), width, cancelled);
    return live && {
      svg: () => live.view.toSVG(),
      png: async () => dataUrlToBlob(await live.view.toImageURL('png', 2)),
      live: true,
      destroy: live.destroy,
    };
  }
  // Only the worker and safe-svg here: chart-render would bring Vega itself onto the page.
  const [{ renderInWorker }, { safeSvg }] = await Promise.all([import('../../../workers/chart/client'), import('../../notebook/safe-svg')]);
  const svg = safeSvg(await renderInWorker(sizedSpec(spec, width), data, themeConfig()));
  return queueUiWork(async () => {
    if (cancelled() || !(await insertSvgInFrames(element, svg, cancelled))) return null;
    return { svg: async () => svg, png: () => svgToPng(svg, 2), live: false, destroy: () => element.replaceChildren() };
  });
}

/**
 * Draws `spec` in the page with a live Vega view, through the UI queue and in three tasks (compile,
 * parse, run and render). For charts that react to input (selections, bound inputs).
 */
export async function drawLiveChart(
  element: HTMLElement,
  spec: Record<string, unknown>,
  width: number,
  cancelled: () => boolean = () => false,
): Promise<LiveChart | null> {
  const [vega, { compile }, { expressionInterpreter }, { Handler }, { refusingLoader, withQuietAxes, withQuietTitle }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('vega-interpreter'),
    import('vega-tooltip'),
    import('../../notebook/chart-render'),
  ]);
  return queueUiWork(async () => {
    if (cancelled()) return null;
    const vegaSpec = compile(withQuietTitle(sizedSpec(spec, width)) as never, { config: withQuietAxes(themeConfig()) as never }).spec;
    await nextTask();
    if (cancelled()) return null;
    const view = new vega.View(vega.parse(vegaSpec, {}, { ast: true }), {
      expr: expressionInterpreter,
      loader: refusingLoader(),
      renderer: 'svg',
    } as never);
    view.tooltip(new Handler({ theme: theme.dark ? 'dark' : 'light' }).call);
    await nextTask();
    if (cancelled()) {
      view.finalize();
      return null;
    }
    element.replaceChildren();
    await view.initialize(element).runAsync();
    return { view, destroy: () => view.finalize() };
  });
}

/** True when the spec (not its data) declares params anywhere: selections and inputs need a live view. */
export function needsLiveView(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(needsLiveView);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => key === 'params' || (key !== 'data' && key !== 'datasets' && needsLiveView(inner)));
}

/** The spec fitted to `width` unless it sets its own size or lays out several views. */
function sizedSpec(spec: Record<string, unknown>, width: number): Record<string, unknown> {
  const sized = 'width' in spec || 'facet' in spec || 'repeat' in spec || 'concat' in spec || 'hconcat' in spec || 'vconcat' in spec || hasFacetChannel(spec);
  return sized ? spec : { autosize: { type: 'fit-x', contains: 'padding' }, ...spec, width: Math.max(320, Math.min(width, 1000)) };
}

function hasFacetChannel(spec: Record<string, unknown>): boolean {
  const encoding = spec.encoding;
  return typeof encoding === 'object' && encoding !== null && ('facet' in encoding || 'row' in encoding || 'column' in encoding);
}

/** Rasterises SVG text to a PNG at `scale` times its size (the browser draws it; nothing is fetched). */
async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw a PNG here; save the chart as SVG instead.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made; save the chart as SVG instead.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
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

/**
 * Draws a checked Vega-Lite spec as an SVG string, in Node or the browser, without a DOM, without
 * `eval` (vega-interpreter) and with a loader that refuses every URL.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import { flattenTranslates, hoistFontFamily } from './svg-flatten';

/** A Vega loader that refuses to load anything: charts never load URLs. */
export function refusingLoader(): ReturnType<typeof vega.loader> {
  const loader = vega.loader();
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`Charts cannot load ${uri}: the data comes from the notebook.`);
  };
  loader.load = refuse;
  loader.sanitize = refuse;
  return loader;
}

/**
 * Axes and legends without Vega's generated descriptions ("X-axis titled … with values from …"): they are
 * English whatever the UI language, and the chart's frame already names the chart. Marks keep theirs
 * (the tooltip reads them, in the chart's own words).
 */
export function withQuietAxes(config: Record<string, unknown>): Record<string, unknown> {
  const part = (key: string) => ({ aria: false, ...((config[key] as Record<string, unknown> | undefined) ?? {}) });
  return { ...config, axis: part('axis'), legend: part('legend'), title: part('title') };
}

/** `spec` with its title left out of the accessible tree too (Vega labels it "Title text …" in English; the chart's frame names the chart). */
export function withQuietTitle(spec: Record<string, unknown>): Record<string, unknown> {
  const title = spec.title;
  if (typeof title === 'string' || Array.isArray(title)) return { ...spec, title: { text: title, aria: false } };
  if (title && typeof title === 'object') return { ...spec, title: { aria: false, ...title } };
  return spec;
}

/** The SVG of a Vega-Lite spec whose data is inlined, drawn with `config` (theme colours, fonts). */
export async function renderChartSvg(spec: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<string> {
  const compiled = compile(withQuietTitle(spec) as unknown as TopLevelSpec, { config: withQuietAxes(config) as never }).spec;
  const runtime = vega.parse(compiled, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter, loader: refusingLoader() } as never);
  try {
    return hoistFontFamily(flattenTranslates(await view.toSVG()));
  } finally {
    view.finalize();
  }
}

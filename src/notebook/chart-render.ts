/**
 * Draws a checked Vega-Lite spec as an SVG string, in Node or the browser, without a DOM, without
 * `eval` (vega-interpreter) and with a loader that refuses every URL.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';

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

/** The SVG of a Vega-Lite spec whose data is inlined, drawn with `config` (theme colours, fonts). */
export async function renderChartSvg(spec: Record<string, unknown>, config?: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec, config ? { config: config as never } : {}).spec;
  const runtime = vega.parse(compiled, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter, loader: refusingLoader() } as never);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

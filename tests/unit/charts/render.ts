/** Compiles a Vega-Lite spec and runs it headless in Vega, to count the marks it draws. */
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { ChartSpec } from '../../../src/charts/spec';

/** Every key path named `url` in a value (specs must have none). */
export function urlKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => urlKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'url' ? [`${path}.${k}`] : urlKeys(v, `${path}.${k}`)));
}

/** Compiles `spec`, failing on any Vega-Lite warning or error. */
export function compileStrict(spec: ChartSpec): ReturnType<typeof compile> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => { throw new Error(m.join(' ')); },
    warn: (...m: unknown[]) => { warnings.push(m.join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  const compiled = compile(spec, { logger: logger as never });
  if (warnings.length > 0) throw new Error(`Vega-Lite warnings: ${warnings.join('; ')}`);
  return compiled;
}

/**
 * Runs the compiled spec and counts what it draws: items of rect / text / symbol / rule marks, and
 * separate lines (or areas) for line and area marks.
 */
export async function drawnItems(spec: ChartSpec): Promise<Record<string, number>> {
  const view = new View(parse(compileStrict(spec).spec), { renderer: 'none' });
  await view.runAsync();
  const counts: Record<string, number> = {};
  const visit = (node: unknown) => {
    const scene = node as { marktype?: string; role?: string; items?: unknown[] };
    if (scene.marktype && scene.role === 'mark') {
      const items = scene.items ?? [];
      const type = scene.marktype;
      const drawn = type === 'line' || type === 'area' ? (items.length > 0 ? 1 : 0) : items.length;
      counts[type] = (counts[type] ?? 0) + drawn;
    }
    for (const item of scene.items ?? []) visit(item);
  };
  visit((view.scenegraph() as unknown as { root: unknown }).root);
  view.finalize();
  return counts;
}

/** The last check on chart SVG before it goes into a page or a report (no Vega needed to run it). */

/**
 * Vega escapes all text; this refuses an SVG that still holds active content (scripts, links, event
 * handlers), as a second line of defence before the SVG goes into a page or a report.
 */
export function safeSvg(svg: string): string {
  const active = /<(script|foreignObject|iframe|a|image)\b|\s(?:xlink:)?href\s*=|\son[a-z]+\s*=\s*"/i;
  const withoutValues = svg.replace(/"[^"]*"/g, '""').replace(/>[^<]*</g, '><');
  if (active.test(withoutValues)) throw new Error('it contains links or scripts, which charts may not hold.');
  const attributes = svg.replace(/>[^<]*</g, '><').match(/"[^"]*"/g) ?? [];
  if (attributes.some((value) => EXTERNAL_URL.test(value))) throw new Error('it refers to a file or web address (url(…)), which charts may not load.');
  return svg;
}

/** A CSS `url(…)` pointing outside the SVG (Vega's own clip paths and gradients use `url(#id)`). */
const EXTERNAL_URL = /url\(\s*['"]?\s*(?!#)/i;

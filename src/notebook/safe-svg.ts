/** The last check on chart SVG before it goes into a page or a report (no Vega needed to run it). */

/**
 * Vega escapes all text; this refuses an SVG that still holds active content (scripts, links, event
 * handlers), as a second line of defence before the SVG goes into a page or a report.
 */
export function safeSvg(svg: string): string {
  const active = /<(script|foreignObject|iframe|a)\b|\s(?:xlink:)?href\s*=|\son[a-z]+\s*=\s*"/i;
  const withoutValues = svg.replace(/"[^"]*"/g, '""').replace(/>[^<]*</g, '><');
  if (active.test(withoutValues)) throw new Error('it contains links or scripts, which charts may not hold.');
  return svg;
}

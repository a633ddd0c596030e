/**
 * Vega writes each mark of a chart with its own `transform="translate(x, y)"`. In Chromium every such transform
 * is a node of the page's property trees and starts a paint chunk of its own, so a cohort heatmap (1,400 marks)
 * made the frames that drew it spend 15-25 ms layerizing and pre-painting. Here the translation moves into the
 * mark's own coordinates where that is exact — text without child elements, lines, and paths drawn with relative
 * commands after their start (Vega's rectangles: `M0,0h…v…h…Z`) — and other marks are left as they are.
 */

const NUMBER = '(-?[0-9.]+(?:e[-+]?[0-9]+)?)';
const TRANSLATE = new RegExp(`\\stransform="translate\\(${NUMBER},${NUMBER}\\)"`);

/** `svg` with the translations of its texts, lines and relative paths folded into their coordinates. */
export function flattenTranslates(svg: string): string {
  return svg
    .replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (element, attributes: string, content: string) => {
      const at = translation(attributes);
      if (!at || /\s(x|y)=/.test(attributes)) return element;
      return `<text${attributes.replace(TRANSLATE, ` x="${at.x}" y="${at.y}"`)}>${content}</text>`;
    })
    .replace(/<line\b([^>]*?)(\/?)>/g, (element, attributes: string, close: string) => {
      const at = translation(attributes);
      if (!at || /\s(x1|y1)=/.test(attributes)) return element;
      const x2 = sum(at.x, attribute(attributes, 'x2'));
      const y2 = sum(at.y, attribute(attributes, 'y2'));
      const rest = attributes.replace(TRANSLATE, '').replace(/\s(x2|y2)="[^"]*"/g, '');
      return `<line x1="${at.x}" y1="${at.y}" x2="${x2}" y2="${y2}"${rest}${close}>`;
    })
    .replace(/<path\b([^>]*?)(\/?)>/g, (element, attributes: string, close: string) => {
      const at = translation(attributes);
      const d = /\sd="M0,0([^"]*)"/.exec(attributes);
      // Only lower-case (relative) commands after the start, so moving the start moves the whole path.
      if (!at || !d || /[A-Y]/.test(d[1]!)) return element;
      return `<path${attributes.replace(TRANSLATE, '').replace(d[0], ` d="M${at.x},${at.y}${d[1]}"`)}${close}>`;
    });
}

function translation(attributes: string): { x: string; y: string } | null {
  const match = TRANSLATE.exec(attributes);
  return match ? { x: match[1]!, y: match[2]! } : null;
}

function attribute(attributes: string, name: string): string {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1] ?? '0';
}

/** `a + b` written back as SVG writes numbers (no float noise such as 0.30000000000000004). */
function sum(a: string, b: string): string {
  return String(Number((Number(a) + Number(b)).toFixed(6)));
}

/**
 * `svg` with the font family most of its texts repeat named once, on the root, where they inherit it. Vega writes
 * the theme's font stack (about 200 characters) on every text, and a cohort heatmap has ~800 texts: a fifth of
 * the 0.7 MB the page parsed in one task when the chart went in.
 */
export function hoistFontFamily(svg: string): string {
  const counts = new Map<string, number>();
  for (const [, family] of svg.matchAll(/<text\b[^>]*?\sfont-family="([^"]*)"/g)) counts.set(family!, (counts.get(family!) ?? 0) + 1);
  const [common, uses] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const root = /^<svg\b[^>]*/.exec(svg);
  if (uses < 2 || !root || /\sfont-family=/.test(root[0])) return svg;
  const attribute = ` font-family="${common}"`;
  const body = svg.slice(root[0].length).replace(/<text\b[^>]*>/g, (tag) => tag.replace(attribute, ''));
  return `${root[0]}${attribute}${body}`;
}

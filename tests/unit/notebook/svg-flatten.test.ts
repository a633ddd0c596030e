import { describe, expect, it } from 'vitest';
import { flattenTranslates, hoistFontFamily } from '../../../src/notebook/svg-flatten';
import { renderChartSvg } from '../../../src/notebook/chart-render';
import { cohortHeatmapSpec } from '../../../src/charts/cohort';
import { withValues, type ChartRow } from '../../../src/charts/spec';

describe('flattenTranslates', () => {
  it('moves a text’s translation into its x and y', () => {
    expect(flattenTranslates('<text text-anchor="end" transform="translate(-7,12.5)" font-size="10px">2024-01</text>')).toBe(
      '<text text-anchor="end" x="-7" y="12.5" font-size="10px">2024-01</text>',
    );
  });

  it('moves a line’s translation into both its ends', () => {
    expect(flattenTranslates('<line transform="translate(0.5,10)" x2="-5" y2="0.25" stroke="#888"/>')).toBe(
      '<line x1="0.5" y1="10" x2="-4.5" y2="10.25" stroke="#888"/>',
    );
  });

  it('moves a relative path’s start (Vega’s rectangles)', () => {
    expect(flattenTranslates('<path transform="translate(10,20)" d="M0,0h64v240h-64Z" fill="red"/>')).toBe('<path d="M10,20h64v240h-64Z" fill="red"/>');
  });

  it('leaves what a translation cannot be folded into exactly', () => {
    const kept = [
      '<text transform="translate(1,2)"><tspan x="0" dy="1.2em">two</tspan></text>', // lines of text placed by x="0"
      '<text transform="translate(1,2) rotate(-90)">Customers</text>', // rotated axis titles
      '<text x="3" transform="translate(1,2)">a</text>',
      '<line transform="translate(1,2)" x1="4" x2="5"/>',
      '<path transform="translate(1,2)" d="M0,0L10,10Z"/>', // an absolute command after the start
      '<path transform="translate(1,2)" d="M2.7,0a2.7,2.7,0,1,1,-5.4,0Z"/>', // a start other than 0,0
      '<g transform="translate(226,116)"><rect width="5"/></g>',
    ];
    for (const svg of kept) expect(flattenTranslates(svg)).toBe(svg);
  });

  it('leaves a cohort heatmap with the same marks and texts, translated only by its groups', async () => {
    const rows: ChartRow[] = [];
    for (let c = 0; c < 12; c++) {
      for (let k = 0; k < 12 - c; k++) {
        rows.push({ cohort: `2024-${String(c + 1).padStart(2, '0')}-01`, period_index: k, cohort_size: 100, active: 100 - 7 * k, retention: (100 - 7 * k) / 100, revenue: 10, revenue_per_customer: 1 });
      }
    }
    const svg = await renderChartSvg(withValues(cohortHeatmapSpec(), rows) as unknown as Record<string, unknown>);
    const count = (pattern: RegExp) => (svg.match(pattern) ?? []).length;
    expect(count(/<path/g)).toBeGreaterThan(78); // 78 cells and the frames
    expect(count(/>\d+%<\/text>/g)).toBe(78);
    expect(count(/<(text|line|path)\b[^>]*transform="translate/g)).toBeLessThan(5);
    expect(svg).toContain('>100%</text>');
  });
});

describe('hoistFontFamily', () => {
  it('names the font most texts repeat once, on the root, and leaves other fonts on their texts', () => {
    const svg = '<svg class="marks" width="10"><g><text x="1" font-family="a, &quot;B C&quot;" font-size="9px">1</text><text font-family="a, &quot;B C&quot;">2</text><text font-family="mono">3</text></g></svg>';
    expect(hoistFontFamily(svg)).toBe('<svg class="marks" width="10" font-family="a, &quot;B C&quot;"><g><text x="1" font-size="9px">1</text><text>2</text><text font-family="mono">3</text></g></svg>');
  });

  it('leaves an SVG whose root names a font, or whose texts share none', () => {
    for (const svg of ['<svg font-family="x"><text font-family="a">1</text><text font-family="a">2</text></svg>', '<svg><text font-family="a">1</text></svg>', '<svg><path d="M0,0"/></svg>']) {
      expect(hoistFontFamily(svg)).toBe(svg);
    }
  });

  it('draws a heatmap whose labels inherit the theme font and leave the description to the cell under them', async () => {
    const rows: ChartRow[] = [];
    for (let c = 0; c < 6; c++) for (let k = 0; k < 6 - c; k++) rows.push({ cohort: `2024-0${c + 1}-01`, period_index: k, cohort_size: 100, active: 90 - 9 * k, retention: (90 - 9 * k) / 100, revenue: 10, revenue_per_customer: 1 });
    const font = 'system-ui, "Noto Sans", sans-serif';
    const svg = await renderChartSvg(withValues(cohortHeatmapSpec(), rows) as unknown as Record<string, unknown>, { font });
    expect(svg).toMatch(/^<svg [^>]*font-family="system-ui, &quot;Noto Sans&quot;, sans-serif">/);
    expect(svg.match(/font-family=/g)).toHaveLength(1);
    const labels = svg.match(/<text\b[^>]*>\d+%<\/text>/g) ?? [];
    expect(labels).toHaveLength(21);
    expect(labels.filter((label) => /aria-label|role=/.test(label))).toEqual([]);
    expect(svg.match(/<path aria-label="[^"]*Retention: \d+\.\d%/g)).toHaveLength(21);
  });
});

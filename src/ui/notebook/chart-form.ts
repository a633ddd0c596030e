/**
 * The chart cell's small form (mark, x, y, colour, facet) read from and written into its Vega-Lite
 * JSON, so the form and the raw JSON editor are two views of one text. Other keys are kept.
 */

/** The marks the form offers. */
export const CHART_MARKS = ['bar', 'line', 'area', 'point', 'rect', 'arc', 'tick'] as const;

/** The form's fields; '' means "not used". */
export interface ChartForm {
  mark: string;
  x: string;
  y: string;
  color: string;
  facet: string;
}

/** A column the form can pick, with its DuckDB type name. */
export interface ChartColumn {
  name: string;
  type: string;
}

type Json = Record<string, unknown>;

const CHANNELS = ['x', 'y', 'color'] as const;

/** The form as the spec text says it; unreadable JSON gives an empty form. */
export function readChartForm(source: string): ChartForm {
  const spec = parseObject(source) ?? {};
  const mark = typeof spec.mark === 'string' ? spec.mark : isObject(spec.mark) && typeof spec.mark.type === 'string' ? spec.mark.type : '';
  const encoding = isObject(spec.encoding) ? spec.encoding : {};
  const field = (channel: string) => {
    const def = encoding[channel];
    return isObject(def) && typeof def.field === 'string' ? def.field : '';
  };
  return { mark, x: field('x'), y: field('y'), color: field('color'), facet: field('facet') };
}

/** The spec text with the form applied; encodings get a type from the column's SQL type. */
export function applyChartForm(source: string, form: ChartForm, columns: readonly ChartColumn[]): string {
  const spec: Json = parseObject(source) ?? { $schema: 'https://vega.github.io/schema/vega-lite/v6.json' };
  const typeOf = (name: string) => encodingType(columns.find((c) => c.name === name)?.type ?? '');
  if (form.mark) spec.mark = isObject(spec.mark) ? { ...spec.mark, type: form.mark } : { type: form.mark, tooltip: true };
  const encoding: Json = isObject(spec.encoding) ? { ...spec.encoding } : {};
  for (const channel of CHANNELS) {
    const name = form[channel];
    const previous = isObject(encoding[channel]) ? (encoding[channel] as Json) : {};
    if (!name) delete encoding[channel];
    else if (previous.field !== name) encoding[channel] = { field: name, type: typeOf(name) };
  }
  if (!form.facet) delete encoding.facet;
  else if ((encoding.facet as Json | undefined)?.field !== form.facet) encoding.facet = { field: form.facet, type: 'nominal', columns: 3 };
  spec.encoding = encoding;
  return JSON.stringify(spec, null, 2);
}

/** Vega-Lite's encoding type for a DuckDB (`BIGINT`) or Arrow (`Int64`, `Timestamp<MICROSECOND>`) type name. */
export function encodingType(sqlType: string): 'quantitative' | 'temporal' | 'nominal' {
  const t = sqlType.toUpperCase().replace(/[(<\s].*$/, '');
  if (/^(U?INT(8|16|32|64|EGER)?|U?TINYINT|U?SMALLINT|U?BIGINT|U?HUGEINT|FLOAT(16|32|64)?|REAL|DOUBLE|DECIMAL|NUMERIC)$/.test(t)) return 'quantitative';
  if (/^(DATE(32|64)?|DATE_?DAY|TIMESTAMP\w*)$/.test(t)) return 'temporal';
  return 'nominal';
}

function parseObject(source: string): Json | null {
  try {
    const value: unknown = JSON.parse(source);
    return isObject(value) ? { ...value } : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

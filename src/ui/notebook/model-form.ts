/**
 * The churn settings form over a model cell's JSON: reads the fields the form shows (defaults from the
 * churn protocol) and writes a change back into the JSON, keeping every other key the user wrote.
 */

import { MODEL_KINDS, type ModelKind } from '../../models/model';

/** The fields of the churn settings form. */
export interface ChurnForm {
  /** A user table of extra features keyed by customer_id ('' = the built-in features only). */
  features: string;
  model: ModelKind | 'all';
  /** What staying means: buying again, or any activity (event logs). */
  label: 'purchase' | 'activity';
  horizon: number;
  /** 'YYYY-MM-DD', or '' for "horizon days before the data ends". */
  cutoff: string;
  seed: number;
  /** The network's most epochs. */
  epochs: number;
  /** Predicted retention at or above which a customer is in the high tier, and the medium tier. */
  tierHigh: number;
  tierMedium: number;
}

/** The protocol's defaults (DESIGN.md section 4; the network's from src/models/mlp.ts). */
export const CHURN_FORM_DEFAULTS: ChurnForm = { features: '', model: 'logistic', label: 'purchase', horizon: 90, cutoff: '', seed: 42, epochs: 100, tierHigh: 0.8, tierMedium: 0.5 };

/** The settings object of a model cell's source, or null when it is not a JSON object. */
export function settingsObject(source: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(source);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether the cell's settings are a churn model's (or not yet any model's). */
export function isChurnSettings(settings: Record<string, unknown>): boolean {
  return settings.kind === 'churn' || settings.model === 'churn' || (settings.kind === undefined && !('calibrationEnd' in settings) && !('calibration_end' in settings));
}

/** The form's fields as the settings say them. */
export function readChurnForm(settings: Record<string, unknown>): ChurnForm {
  const d = CHURN_FORM_DEFAULTS;
  const model = settings.model === 'all' || (MODEL_KINDS as readonly unknown[]).includes(settings.model) ? (settings.model as ChurnForm['model']) : 'logistic';
  const mlp = (settings.mlp ?? {}) as Record<string, unknown>;
  const tiers = (settings.tiers ?? {}) as Record<string, unknown>;
  const data = settings.features ?? settings.data ?? settings.table;
  return {
    features: typeof data === 'string' && !/^cb_/i.test(data) ? data : '',
    model,
    label: settings.label === 'activity' ? 'activity' : 'purchase',
    horizon: whole(settings.horizon ?? settings.horizon_days, settings.label === 'activity' ? 7 : d.horizon),
    cutoff: typeof settings.cutoff === 'string' ? settings.cutoff : '',
    seed: whole(settings.seed, d.seed),
    epochs: whole(mlp.epochs, d.epochs),
    tierHigh: share(tiers.high, d.tierHigh),
    tierMedium: share(tiers.medium, d.tierMedium),
  };
}

/** The settings JSON with one form field changed (other keys kept as written). */
export function writeChurnForm(settings: Record<string, unknown>, change: Partial<ChurnForm>): string {
  const next: Record<string, unknown> = { kind: 'churn', ...settings };
  if (next.model === 'churn') delete next.model;
  delete next.horizon_days;
  for (const [key, value] of Object.entries(change) as [keyof ChurnForm, ChurnForm[keyof ChurnForm]][]) {
    if (key === 'features') {
      delete next.data;
      delete next.table;
      if (value) next.features = value;
      else delete next.features;
    } else if (key === 'cutoff') {
      next.cutoff = value ? value : null;
    } else if (key === 'tierHigh' || key === 'tierMedium') {
      next.tiers = { high: CHURN_FORM_DEFAULTS.tierHigh, medium: CHURN_FORM_DEFAULTS.tierMedium, ...((next.tiers ?? {}) as Record<string, unknown>), [key === 'tierHigh' ? 'high' : 'medium']: value };
    } else if (key === 'epochs') {
      next.mlp = { ...((next.mlp ?? {}) as Record<string, unknown>), epochs: value };
    } else {
      next[key] = value;
    }
  }
  return JSON.stringify(next, null, 2);
}

function share(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : fallback;
}

function whole(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The risk cell's settings with `key` added to its flags marked fine (other keys kept; unreadable JSON unchanged). */
export function markFine(source: string, key: string): string {
  const settings = settingsObject(source);
  if (!settings) return source;
  const fine = Array.isArray(settings.fine) ? settings.fine.filter((k): k is string => typeof k === 'string') : [];
  if (fine.includes(key)) return source;
  return `${JSON.stringify({ ...settings, fine: [...fine, key] }, null, 2)}\n`;
}

/** The settings with `key` set to `value` (other keys kept; unreadable JSON unchanged). */
export function withSetting(source: string, key: string, value: unknown): string {
  const settings = settingsObject(source);
  return settings ? `${JSON.stringify({ ...settings, [key]: value }, null, 2)}\n` : source;
}

/**
 * The analyses the notebook offers as one-click buttons: their titles and the cells each inserts,
 * built by the analyses' own cell builders (src/analyses/cells/, src/analyses/clv-cells.ts), so the
 * notebook never keeps a second copy of their SQL. Time to next purchase is grouped by RFM segment and
 * shares the `rfm_segments` cell with "RFM segments".
 */
import type { PlacedDraft } from '../notebook/place-cells';
import { cohortCells, lifecycleCells, repurchaseCells, rfmCells, timeToNextCells, type Language } from './cells/index';
import { clvCells } from './clv-cells';

/** The id of a one-click analysis (also the `origin` of the cells it inserts). */
export type OneClickId = 'cohort' | 'repurchase' | 'rfm' | 'lifecycle' | 'time_to_next' | 'clv';

/** What the cells depend on besides the analysis: the language and the data. */
export interface OneClickContext {
  language: Language;
  /** The file has events (view / cart / purchase): lifecycle adds the funnel. */
  hasEvents: boolean;
  /** First and last purchase dates (YYYY-MM-DD), for the CLV calibration and holdout periods. */
  firstDate: string | null;
  lastDate: string | null;
}

/** The one-click analyses in the order the menu shows them. */
export const ONE_CLICK_ANALYSES: readonly { id: OneClickId; title: { en: string; zh: string } }[] = [
  { id: 'cohort', title: { en: 'Cohort retention', zh: '同期群留存' } },
  { id: 'repurchase', title: { en: 'Repurchase rate', zh: '复购率' } },
  { id: 'rfm', title: { en: 'RFM segments', zh: 'RFM 分群' } },
  { id: 'lifecycle', title: { en: 'Lifecycle stages', zh: '生命周期阶段' } },
  { id: 'time_to_next', title: { en: 'Time to next purchase', zh: '距下次购买的时间' } },
  { id: 'clv', title: { en: 'Customer lifetime value', zh: '顾客终身价值' } },
];

/** The cells the analysis `id` inserts for `context` (without ids). */
export function oneClickCells(id: OneClickId, context: OneClickContext): PlacedDraft[] {
  const language = context.language;
  switch (id) {
    case 'cohort':
      return cohortCells({ language });
    case 'repurchase':
      return repurchaseCells({ language });
    case 'rfm':
      return rfmCells({ language });
    case 'lifecycle':
      return lifecycleCells({ language, withFunnel: context.hasEvents });
    case 'time_to_next':
      return timeToNextCells({ language, groupBy: 'segment' });
    case 'clv':
      return clvCells({ language, ...clvPeriods(context.firstDate, context.lastDate) });
  }
}

/**
 * Calibration and holdout ends for the CLV model: the model learns from the first two thirds of the
 * purchase history and is checked on the last third (ending at the last purchase date).
 */
export function clvPeriods(firstDate: string | null, lastDate: string | null): { calibrationEnd: string; holdoutEnd: string } {
  const last = lastDate ?? firstDate ?? '1970-01-01';
  const first = firstDate ?? last;
  const day = 86_400_000;
  const span = Math.max(0, Math.round((Date.parse(last) - Date.parse(first)) / day));
  const calibrationEnd = new Date(Date.parse(first) + Math.round((span * 2) / 3) * day).toISOString().slice(0, 10);
  return { calibrationEnd, holdoutEnd: last };
}

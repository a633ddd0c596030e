/** The built-in analyses a user can insert with one click, with their titles and cell builders. */
import { cohortCells } from './cohort';
import { lifecycleCells } from './lifecycle';
import { repurchaseCells } from './repurchase';
import { rfmCells } from './rfm';
import { summaryCells } from './summary';
import { timeToNextCells } from './time-to-next';
import type { CellDraft, CellOptions } from './draft';

export type { CellDraft, CellOptions, Language } from './draft';

/** A built-in retention analysis: its id (the cells' `origin`), its title and what it inserts. */
export interface BuiltInAnalysis {
  id: 'summary' | 'cohort' | 'repurchase' | 'rfm' | 'lifecycle' | 'time_to_next';
  title: { en: string; zh: string };
  cells: (options?: CellOptions & { withFunnel?: boolean }) => CellDraft[];
}

/** The retention analyses, in the order they read best. */
export const RETENTION_ANALYSES: readonly BuiltInAnalysis[] = [
  { id: 'summary', title: { en: 'At a glance', zh: '概览' }, cells: summaryCells },
  { id: 'cohort', title: { en: 'Cohort retention', zh: '同期群留存' }, cells: cohortCells },
  { id: 'repurchase', title: { en: 'Repurchase rate', zh: '复购率' }, cells: repurchaseCells },
  { id: 'rfm', title: { en: 'RFM segments', zh: 'RFM 分群' }, cells: rfmCells },
  { id: 'lifecycle', title: { en: 'Lifecycle stages', zh: '生命周期阶段' }, cells: lifecycleCells },
  { id: 'time_to_next', title: { en: 'Time to next purchase', zh: '距下次购买的时间' }, cells: timeToNextCells },
];

export { cohortCells, lifecycleCells, repurchaseCells, rfmCells, summaryCells, timeToNextCells };

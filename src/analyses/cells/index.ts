/** The cell builders of the built-in analyses (the one-click registry is src/analyses/one-click.ts). */
export { basketCells } from './basket';
export { cohortCells } from './cohort';
export { lifecycleCells } from './lifecycle';
export { repurchaseCells } from './repurchase';
export { periodCells, periodCellOf, notebookRange, PERIOD_ORIGIN } from './period';
export { rfmCells } from './rfm';
export { salesCells } from './sales';
export { timeToNextCells } from './time-to-next';
export type { CellDraft, CellOptions, Lang } from './draft';

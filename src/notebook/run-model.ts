/** The slot for model cells: a hook the churn-model issue fills; until then an info message. */
import type { Db } from '../engine/db';
import type { CellError, CellOutput } from './results';
import type { ModelCell } from './types';

/** What the model hook returns: an output (info, table of scores…) or an error. */
export type ModelOutcome = { output: CellOutput } | { error: CellError };

/** Trains / evaluates / scores one model cell; may write its scores as the table `cell.name`. */
export type ModelHook = (cell: ModelCell, context: { db: Db; signal: AbortSignal }) => Promise<ModelOutcome>;

/** The message a model cell shows before models exist. */
export const MODEL_PLACEHOLDER = 'Model cells arrive with the churn model.';

/** The default hook: says that models are not there yet (an info, not an error). */
export const placeholderModel: ModelHook = async () => ({ output: { kind: 'info', message: MODEL_PLACEHOLDER } });

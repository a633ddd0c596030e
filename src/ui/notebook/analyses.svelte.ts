/**
 * The notebook's one-click analyses and the headline above them: which cell the user is in (new
 * analyses go after it), what the data offers (events, dates), and the headline numbers once data is
 * loaded. The cells come from the analyses' builders and are placed and run by the session. The date range
 * lives in the notebook as its period cells (src/analyses/cells/period.ts): every one-click analysis reads them,
 * and the headline compares the chosen period with the one before.
 */
import type { Db } from '../../engine/db';
import { say, type Lang } from '../../text/language';
import { dataFacts, type DataFacts } from '../../analyses/data-facts';
import { analysesIgnoringPeriod, applies, ONE_CLICK_ANALYSES, oneClickCells, type OneClickId } from '../../analyses/one-click';
import { headline, type Headline } from '../../analyses/summary';
import { ALL_DATA, type DateRange } from '../../analyses/date-range';
import { notebookRange, periodCells, PERIOD_ORIGIN } from '../../analyses/cells/period';
import { NO_CUSTOMER_COLUMN } from '../../ingest/load-problems';
import type { NotebookSession } from './session.svelte';

const NO_PURCHASES = say('There are no purchases in the data loaded.', '加载的数据中没有购买记录。');
const NO_PRODUCTS = say('This file has no product column, so products bought together cannot be found.', '这个文件没有商品列，因此无法找出一起购买的商品。');

/** What the analyses need from the app. */
export interface AnalysesDeps {
  session: NotebookSession;
  db(): Promise<Db>;
}

/** The one-click analyses and the headline of the open notebook. */
export class NotebookAnalyses {
  /** The cell the user was last in (inserted analyses go after it). */
  current = $state<string | null>(null);
  /** The analysis being inserted. */
  inserting = $state<OneClickId | null>(null);
  headline = $state.raw<Headline | null>(null);
  /** What the loaded data allows (null before data is loaded): the bar offers only what applies. */
  facts = $state.raw<DataFacts | null>(null);
  /** Why the analysis could not be inserted, in the user's words. */
  problem = $state<string | null>(null);
  private headlineFor = 0;

  constructor(private readonly deps: AnalysesDeps) {}

  /**
   * Inserts (or refreshes) the analysis `id` and starts running it; returns the first new cell's id.
   * The next analysis goes after this one's last cell.
   */
  async insert(id: OneClickId, language: Lang): Promise<string | null> {
    this.inserting = id;
    this.problem = null;
    try {
      const facts = await dataFacts(await this.deps.db());
      this.facts = facts;
      if (!applies(id, facts)) {
        const needs = ONE_CLICK_ANALYSES.find((a) => a.id === id)?.needs;
        this.problem = (facts.orders === 0 ? NO_PURCHASES : needs === 'customers' ? NO_CUSTOMER_COLUMN : needs === 'products' ? NO_PRODUCTS : NO_PURCHASES)[language];
        return null;
      }
      const context = { language, facts };
      const { session } = this.deps;
      const after = this.current && session.notebook.cells.some((c) => c.id === this.current) ? this.current : null;
      // The analyses read the period cells: a notebook without them gets them (all data) just before.
      if (!session.notebook.cells.some((c) => c.origin === PERIOD_ORIGIN)) {
        const { placed } = session.insertAnalysis(PERIOD_ORIGIN, periodCells(ALL_DATA, { language }), after);
        this.current = placed.at(-1) ?? this.current;
      }
      const afterPeriod = this.current && session.notebook.cells.some((c) => c.id === this.current) ? this.current : after;
      const { placed } = session.insertAnalysis(id, oneClickCells(id, context), afterPeriod);
      this.current = placed.at(-1) ?? this.current;
      return placed[0] ?? null;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      this.inserting = null;
    }
  }

  /** The notebook's date range, or `edited` when its period cell was changed by hand. */
  get range(): DateRange | 'edited' {
    return notebookRange(this.deps.session.notebook);
  }

  /**
   * Makes `range` the notebook's date range: rewrites the period cells (placed before the first analysis when
   * the notebook has none), runs again every cell that reads them, and recomputes the headline.
   */
  async setRange(range: DateRange, language: Lang): Promise<void> {
    const { session } = this.deps;
    const cells = session.notebook.cells;
    const hasPeriod = cells.some((c) => c.origin === PERIOD_ORIGIN);
    const firstAnalysis = cells.find((c) => ONE_CLICK_ANALYSES.some((a) => a.id === c.origin));
    const { run } = session.insertAnalysis(PERIOD_ORIGIN, periodCells(range, { language }), null, !hasPeriod && firstAnalysis ? firstAnalysis.id : undefined);
    const runs = [run, this.refreshHeadline(true)];
    const outdated = analysesIgnoringPeriod(session.notebook);
    if (outdated.length > 0) {
      const facts = this.facts ?? (await dataFacts(await this.deps.db()));
      for (const id of outdated) runs.push(session.insertAnalysis(id, oneClickCells(id, { language, facts })).run);
    }
    await Promise.all(runs);
  }

  /** Recomputes the headline and the data's facts for newly loaded data (null while there is none). */
  async refreshHeadline(hasData: boolean): Promise<void> {
    const ticket = ++this.headlineFor;
    if (!hasData) {
      this.headline = null;
      this.facts = null;
      return;
    }
    try {
      const db = await this.deps.db();
      const range = this.range;
      const [next, facts] = await Promise.all([headline(db, range === 'edited' ? ALL_DATA : range), dataFacts(db)]);
      if (ticket !== this.headlineFor) return;
      this.headline = next;
      this.facts = facts;
    } catch {
      if (ticket === this.headlineFor) this.headline = null;
    }
  }
}

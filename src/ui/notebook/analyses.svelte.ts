/**
 * The notebook's one-click analyses and the headline above them: which cell the user is in (new
 * analyses go after it), what the data offers (events, dates), and the headline numbers once data is
 * loaded. The cells come from the analyses' builders and are placed and run by the session.
 */
import type { Db } from '../../engine/db';
import { tableToRows } from '../../engine/rows';
import type { Language } from '../../analyses/cells/index';
import { oneClickCells, type OneClickContext, type OneClickId } from '../../analyses/one-click';
import { headline, type Headline } from '../../analyses/summary';
import type { NotebookSession } from './session.svelte';

/** What the analyses need from the app. */
export interface AnalysesDeps {
  session: NotebookSession;
  db(): Promise<Db>;
}

const CONTEXT_SQL = `
SELECT
  strftime(min(ts), '%Y-%m-%d') AS first_date,
  strftime(max(ts), '%Y-%m-%d') AS last_date,
  (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cb_events')
    + (SELECT count(*) FROM duckdb_views() WHERE view_name = 'cb_events') > 0 AS has_events
FROM cb_orders`;

/** The one-click analyses and the headline of the open notebook. */
export class NotebookAnalyses {
  /** The cell the user was last in (inserted analyses go after it). */
  current = $state<string | null>(null);
  /** The analysis being inserted. */
  inserting = $state<OneClickId | null>(null);
  headline = $state.raw<Headline | null>(null);
  /** Why the analysis could not be inserted, in the user's words. */
  problem = $state<string | null>(null);
  private headlineFor = 0;

  constructor(private readonly deps: AnalysesDeps) {}

  /**
   * Inserts (or refreshes) the analysis `id` and starts running it; returns the first new cell's id.
   * The next analysis goes after this one's last cell.
   */
  async insert(id: OneClickId, language: Language): Promise<string | null> {
    this.inserting = id;
    this.problem = null;
    try {
      const context = await this.context(language);
      const { session } = this.deps;
      const after = this.current && session.notebook.cells.some((c) => c.id === this.current) ? this.current : null;
      const { placed } = session.insertAnalysis(id, oneClickCells(id, context), after);
      this.current = placed.at(-1) ?? this.current;
      return placed[0] ?? null;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      this.inserting = null;
    }
  }

  /** Recomputes the headline for newly loaded data (null while there is none). */
  async refreshHeadline(hasData: boolean): Promise<void> {
    const ticket = ++this.headlineFor;
    if (!hasData) {
      this.headline = null;
      return;
    }
    try {
      const next = await headline(await this.deps.db());
      if (ticket === this.headlineFor) this.headline = next;
    } catch {
      if (ticket === this.headlineFor) this.headline = null;
    }
  }

  private async context(language: Language): Promise<OneClickContext> {
    const db = await this.deps.db();
    const row = tableToRows(await db.query(CONTEXT_SQL))[0] ?? {};
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return { language, hasEvents: row.has_events === true, firstDate: text(row.first_date), lastDate: text(row.last_date) };
  }
}

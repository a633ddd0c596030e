/**
 * The SQL editor of a cell: CodeMirror 6 with DuckDB's dialect (PostgreSQL's plus DuckDB's own
 * words), completion of table and column names from the live schema, the notebook's keys, and the
 * position of an error marked in the text. Plain DOM code; SqlEditor.svelte mounts it.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { PostgreSQL, SQLDialect, keywordCompletionSource, schemaCompletionSource, type SQLNamespace } from '@codemirror/lang-sql';
import { HighlightStyle, LanguageSupport, bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, placeholder, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const DUCKDB_KEYWORDS =
  'qualify pivot unpivot pivot_longer pivot_wider exclude replace columns summarize describe ' +
  'asof positional semi anti macro struct map list union_by_name sample using';
const DUCKDB_BUILTIN =
  'date_trunc date_diff datediff date_part epoch strftime strptime make_date list_value struct_pack ' +
  'approx_count_distinct arg_max arg_min count_if median quantile_cont quantile_disc mode histogram ' +
  'string_agg list_agg regexp_matches regexp_replace regexp_extract ifnull coalesce nullif greatest least ' +
  'range generate_series unnest read_csv read_csv_auto row_number rank dense_rank ntile lag lead first_value last_value';

/** DuckDB's SQL, as far as highlighting and keyword completion need it. */
export const duckdbDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} ${DUCKDB_BUILTIN}`,
});

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword], color: 'var(--code-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--code-type)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '0.88rem', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)', padding: '6px 0' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-error-mark': { textDecoration: 'underline wavy var(--danger)', backgroundColor: 'var(--danger-soft)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-placeholder': { color: 'var(--muted)' },
});

/** Where an error is, 1-based as DuckDB reports it. */
export interface ErrorPosition {
  line: number;
  column?: number;
}

const setErrorMark = StateEffect.define<ErrorPosition | null>();

const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setErrorMark)) return effect.value ? markAt(transaction.state, effect.value) : Decoration.none;
    }
    return transaction.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function markAt(state: EditorState, position: ErrorPosition): DecorationSet {
  const line = state.doc.line(Math.min(Math.max(1, position.line), state.doc.lines));
  const from = Math.min(line.to, line.from + Math.max(0, (position.column ?? 1) - 1));
  const word = /^[^\s,;()]+/.exec(state.doc.sliceString(from, line.to))?.[0].length ?? 0;
  const to = Math.min(line.to, from + Math.max(1, word));
  if (from >= to) return line.from < line.to ? Decoration.set([Decoration.mark({ class: 'cm-error-mark' }).range(line.from, line.to)]) : Decoration.none;
  return Decoration.set([Decoration.mark({ class: 'cm-error-mark', attributes: { 'data-error-mark': '' } }).range(from, to)]);
}

/** What the editor tells its owner. */
export interface SqlEditorEvents {
  change(text: string): void;
  /** Shift+Enter: run and move on. */
  runAndNext(): void;
  /** Ctrl/Cmd+Enter: run and stay. */
  run(): void;
  save(): void;
  undo(): void;
  redo(): void;
  blur?(): void;
}

/** A mounted editor. */
export interface SqlEditor {
  readonly view: EditorView;
  /** Replaces the text (when it differs), e.g. after undo. */
  setText(text: string): void;
  setSchema(schema: SQLNamespace): void;
  markError(position: ErrorPosition | null): void;
  focus(): void;
  destroy(): void;
}

/** Mounts an editor in `parent` with `text`, completing names from `schema`. */
export function createSqlEditor(parent: HTMLElement, text: string, schema: SQLNamespace, events: SqlEditorEvents, label: string): SqlEditor {
  // Names complete from the schema of the moment: a new schema swaps the source the editor already
  // calls, with no reconfiguration (reconfiguring twenty editors after every run blocked the page).
  let completeNames = schemaCompletionSource({ dialect: duckdbDialect, schema });
  const language = new LanguageSupport(duckdbDialect.language, [
    duckdbDialect.language.data.of({ autocomplete: ((context) => completeNames(context)) satisfies CompletionSource }),
    duckdbDialect.language.data.of({ autocomplete: keywordCompletionSource(duckdbDialect, false) }),
  ]);
  const keys = Prec.highest(
    keymap.of([
      { key: 'Shift-Enter', run: () => (events.runAndNext(), true) },
      { key: 'Mod-Enter', run: () => (events.run(), true) },
      { key: 'Mod-s', run: () => (events.save(), true), preventDefault: true },
      { key: 'Mod-z', run: () => (events.undo(), true), preventDefault: true },
      { key: 'Mod-Shift-z', run: () => (events.redo(), true), preventDefault: true },
      { key: 'Mod-y', run: () => (events.redo(), true), preventDefault: true },
    ]),
  );
  let applying = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        keys,
        lineNumbers(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        indentOnInput(),
        autocompletion({ activateOnTyping: true }),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, indentWithTab]),
        syntaxHighlighting(highlight),
        language,
        errorMark,
        theme,
        placeholder('SELECT …'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !applying) events.change(update.state.doc.toString());
          if (update.focusChanged && !update.view.hasFocus) events.blur?.();
        }),
      ],
    }),
  });
  return {
    view,
    setText(next) {
      const current = view.state.doc.toString();
      if (current === next) return;
      applying = true;
      try {
        view.dispatch({ changes: { from: 0, to: current.length, insert: next } });
      } finally {
        applying = false;
      }
    },
    setSchema(names) {
      completeNames = schemaCompletionSource({ dialect: duckdbDialect, schema: names });
    },
    markError(position) {
      view.dispatch({ effects: setErrorMark.of(position) });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}

/**
 * Creates and destroys a hidden editor, its state and its view in two idle moments, so that CodeMirror's code is
 * compiled and its styles are in the page before the first real editor mounts: the first editor after a load
 * took 50-60 ms in one task (the later ones 10-25 ms).
 */
export async function warmSqlEditor(idle: () => Promise<void>): Promise<void> {
  const text = 'SELECT customer_id, count(*) AS orders\nFROM cb_orders\nGROUP BY customer_id';
  const events: SqlEditorEvents = { change() {}, runAndNext() {}, run() {}, save() {}, undo() {}, redo() {} };
  await idle();
  EditorState.create({ doc: text, extensions: [duckdbDialect.language, syntaxHighlighting(highlight), theme] });
  await idle();
  const host = document.createElement('div');
  host.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 400px; visibility: hidden';
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  try {
    const editor = createSqlEditor(host, text, {}, events, 'warm-up');
    editor.markError({ line: 2, column: 6 });
    editor.destroy();
  } finally {
    host.remove();
  }
}


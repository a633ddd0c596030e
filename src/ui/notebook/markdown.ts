/**
 * Markdown cells on the page: the notebook's one renderer (src/notebook/markdown.ts, the report's too),
 * then DOMPurify over its HTML as a second line of defence before it is inserted.
 */
import DOMPurify from 'dompurify';
import { renderMarkdown } from '../../notebook/markdown';

/** Renders Markdown `source` to sanitised HTML for the page. */
export function renderMarkdownCell(source: string): string {
  return DOMPurify.sanitize(renderMarkdown(source), { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button'], ADD_ATTR: ['target'] });
}

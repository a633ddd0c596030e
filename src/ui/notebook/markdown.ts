/**
 * Markdown cells as safe HTML: markdown-it with raw HTML off (so `<script>` in prose stays text),
 * then DOMPurify over the result, which also drops `javascript:` and other script-bearing links.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SAFE_URL = /^(?:https?:|mailto:|#|\/|\.\/|\.\.\/|[^:]*$)/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href.trim())) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    if (!/^(data:image\/(png|gif|jpeg|webp);|blob:)/i.test(src)) node.removeAttribute('src');
  }
});

/** Renders Markdown `source` to sanitised HTML. */
export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.render(source), { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button'] });
}

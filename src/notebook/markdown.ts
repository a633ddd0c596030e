/**
 * Markdown prose as safe HTML, one way for the page and the report: raw HTML is escaped (`html: false`,
 * so `<script>` in prose stays text), links keep only web, mail, in-page and relative targets (no
 * `javascript:`, `data:`, `file:`…), and images show only when they are inline data images — prose
 * never loads anything from elsewhere (other images show their text).
 */
import MarkdownIt from 'markdown-it';
import { escapeHtml } from './html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** Link targets prose may have. */
const SAFE_LINK = /^(?:https?:|mailto:|#|\/|\.\/|\.\.\/|[^:]*$)/i;
/** Images prose may show: inline data only. */
const SAFE_IMAGE = /^data:image\/(gif|png|jpeg|webp);/i;

md.validateLink = (url) => SAFE_LINK.test(url.trim());

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token?.attrGet('src') ?? '');
  const alt = String(token?.content ?? '');
  if (SAFE_IMAGE.test(src)) return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
  return `<span class="image-omitted">[${escapeHtml(alt || 'image')}]</span>`;
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet('rel', 'noopener noreferrer');
  tokens[idx]?.attrSet('target', '_blank');
  return self.renderToken(tokens, idx, options);
};

/** Renders Markdown prose as safe HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/**
 * Markdown for the report: raw HTML is escaped (`html: false`), links with javascript:, vbscript:,
 * file: or data: targets are refused (markdown-it's validateLink), and images only show when they are
 * inline data images — the report never loads anything from elsewhere (other images show their text).
 */
import MarkdownIt from 'markdown-it';
import { escapeHtml } from './html';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token?.attrGet('src') ?? '');
  const alt = String(token?.content ?? '');
  if (/^data:image\/(gif|png|jpeg|webp);/i.test(src)) return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
  return `<span class="image-omitted">[${escapeHtml(alt || 'image')}]</span>`;
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/** Renders Markdown prose as safe HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

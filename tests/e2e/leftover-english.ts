/**
 * Finds English left in a page shown in Chinese: every visible text node and every title, placeholder
 * and accessible label (not hidden from assistive technology), outside code editors and data cells,
 * split into words; a word passes when it
 * names something of the data (a table, column, cell or file name seen on the page), is a term kept in
 * Latin letters in Chinese UIs too (CSV, SQL, RFM…), or is a data value shown in a chart or marked `data-value`
 * (values of the user's data, such as product names, stay as the file wrote them).
 */
import type { Page } from 'playwright-core';

/** Terms Chinese software writes in Latin letters: formats, engines, metrics, units, keys. */
export const LATIN_TERMS = [
  'Cohortbook', 'CSV', 'TSV', 'JSON', 'Excel', 'Parquet', 'HTML', 'SQL', 'DuckDB', 'WebGL', 'WebGPU', 'WebAssembly', 'WASM', 'wasm', 'CPU', 'cpu', 'webgl', 'GPU',
  'TensorFlow', 'TF', 'js', 'Vega', 'Lite', 'Arrow', 'RFM', 'CLV', 'BG', 'NBD', 'AUC', 'ROC', 'MAE', 'RMSE', 'ID', 'id', 'ids', 'Ctrl', 'Shift', 'Cmd', 'Enter', 'Tab', 'Esc',
  'English', 'kB', 'MB', 'GB', 'KB', 'ms', 'md', 'cohortbook', 'VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'DECIMAL', 'FLOAT', 'HUGEINT', 'UBIGINT',
  'USD', 'EUR', 'GBP', 'CNY', 'JPY', 'npx', 'Gamma', 'Pareto', 'MLP', 'PR-AUC', 'PR', 'AP', 'Kaplan', 'Meier', 'SKU', 'CR', 'CRLF', 'LF', 'CAST', 'GROUP', 'BY',
  'sum', 'count', 'auto', 'YYYY-MM-DD', 'hh', 'mm', 'ss', 'YYYY', 'MM', 'DD', 'T', 'x', 't_x', 'P', 'alive', 'r', 'a', 'b', 'α', 'L', 'R', 'F', 'M', 'SHA',
];

/** A word of English with where it was seen. */
export interface Leftover {
  word: string;
  text: string;
  where: string;
}

/** The English words on the page that are neither data nor an allowed term. */
export async function leftoverEnglish(page: Page, allow: string[] = []): Promise<Leftover[]> {
  return page.evaluate((allowed) => {
    const allowedSet = new Set(allowed);
    // Names of the data as the page shows them.
    for (const el of document.querySelectorAll('.table-name, .column, [data-name], [role=columnheader], #data-title .file, [data-testid=notebook-data], .kept .name')) {
      for (const part of (el.textContent ?? '').split(/[\s,()]+/)) if (part) allowedSet.add(part.trim());
      const name = el.getAttribute('data-name');
      if (name) allowedSet.add(name);
    }
    const skip = (el: Element | null) => !el || !!el.closest('.cm-editor, [role=gridcell], [data-value], code, pre, script, style, noscript, option:not(:checked)');
    const shown = (el: Element) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
    const found: { word: string; text: string; where: string }[] = [];
    const where = (el: Element) => {
      const holder = el.closest('[data-cell-id], [data-testid], section, header, nav, main');
      return `${holder?.tagName.toLowerCase() ?? ''}${holder?.getAttribute('data-name') ? `[${holder.getAttribute('data-name')}]` : ''}${holder?.getAttribute('data-testid') ? `#${holder.getAttribute('data-testid')}` : ''} > ${el.tagName.toLowerCase()}`;
    };
    const check = (text: string, el: Element) => {
      if (allowedSet.has(text.trim())) return;
      for (const token of text.split(/[^A-Za-z0-9_.'’/-]+/)) {
        const word = token.replace(/^[.'’/-]+|[.'’/-]+$/g, '');
        if (!/[A-Za-z]{2,}/.test(word) || /[0-9_]/.test(word) || allowedSet.has(word)) continue;
        if (word.split(/[/.-]/).every((part) => !/[A-Za-z]{2,}/.test(part) || allowedSet.has(part))) continue;
        found.push({ word, text: text.trim().slice(0, 120), where: where(el) });
      }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || skip(el) || !shown(el) || !node.textContent?.trim()) continue;
      check(node.textContent, el);
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      // A label hidden from assistive technology is read by no one.
      if (skip(el) || !shown(el) || el.closest('[aria-hidden="true"]')) continue;
      for (const attribute of ['title', 'placeholder', 'aria-label']) {
        const value = el.getAttribute(attribute);
        if (value) check(value, el);
      }
    }
    return found;
  }, allow);
}

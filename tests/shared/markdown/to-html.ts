/**
 * The reader's tree written as CommonMark's reference HTML (the spec's example output), for the conformance table
 * only: the app never makes HTML from it (MarkdownBody.svelte builds elements).
 */
import type { Block, Inline } from '../../../src/shared/markdown/markdown';

const escapeHtml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function inlineHtml(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text':
          return escapeHtml(n.text);
        case 'code':
          return `<code>${escapeHtml(n.text)}</code>`;
        case 'em':
        case 'strong':
        case 'del':
          return `<${n.kind}>${inlineHtml(n.children)}</${n.kind}>`;
        case 'link':
          return `<a href="${escapeHtml(n.href)}">${inlineHtml(n.children)}</a>`;
        case 'image':
          return `<img src="${escapeHtml(n.href ?? '')}" alt="${escapeHtml(n.alt)}" />`;
      }
    })
    .join('');
}

function blockHtml(block: Block, tight: boolean): string {
  switch (block.kind) {
    case 'paragraph':
      return tight ? inlineHtml(block.children) : `<p>${inlineHtml(block.children)}</p>\n`;
    case 'heading':
      return `<h${block.level}>${inlineHtml(block.children)}</h${block.level}>\n`;
    case 'quote':
      return `<blockquote>\n${block.children.map((b) => blockHtml(b, false)).join('')}</blockquote>\n`;
    case 'rule':
      return '<hr />\n';
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}${block.text === '' ? '' : '\n'}</code></pre>\n`;
    case 'list': {
      const open = block.ordered ? (block.start === 1 ? '<ol>' : `<ol start="${block.start}">`) : '<ul>';
      const items = block.items.map((item) => {
        const inner = item.map((b, i) => {
          const html = blockHtml(b, block.tight);
          // In a tight list a paragraph has no <p>, and a block after it starts on a new line.
          return block.tight && b.kind === 'paragraph' && i < item.length - 1 ? `${html}\n` : html;
        });
        const body = inner.join('');
        const startsWithBlock = item.length > 0 && !(block.tight && item[0]!.kind === 'paragraph');
        return `<li>${startsWithBlock ? '\n' : ''}${body}</li>\n`;
      });
      return `${open}\n${items.join('')}${block.ordered ? '</ol>' : '</ul>'}\n`;
    }
  }
}

export function toHtml(blocks: Block[]): string {
  return blocks.map((b) => blockHtml(b, false)).join('');
}

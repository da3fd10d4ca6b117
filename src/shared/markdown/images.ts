/**
 * The images a Markdown body shows: the addresses of the image nodes in the reader's own tree (markdown.ts), so main's
 * remote-image check and the window can never disagree about which address is "an image of this item" — no second
 * scanner with its own idea of CommonMark. An image inside a link has no address of its own (the reader drops it), so
 * it is not here either. The work is the reader's: linear in the body (tests/shared/markdown/linear.test.ts).
 */
import { parseMarkdown } from './markdown';
import type { Block, Inline } from './tree';

/** The `href`s (WHATWG-normalised http(s), no credentials) of every image the body shows, in order. */
export function markdownImageUrls(body: string): string[] {
  const urls: string[] = [];
  // An explicit stack, like the reader's own tree walk: nesting is bounded there, but no walk here relies on that.
  const blocks: Block[] = parseMarkdown(body).reverse();
  const inlines: Inline[] = [];
  while (blocks.length > 0 || inlines.length > 0) {
    const inline = inlines.pop();
    if (inline !== undefined) {
      if (inline.kind === 'image') {
        if (inline.href !== null) urls.push(inline.href);
      } else if (inline.kind === 'em' || inline.kind === 'strong' || inline.kind === 'del' || inline.kind === 'link') {
        for (let i = inline.children.length - 1; i >= 0; i--) inlines.push(inline.children[i]!);
      }
      continue;
    }
    const block = blocks.pop()!;
    if (block.kind === 'paragraph' || block.kind === 'heading') {
      for (let i = block.children.length - 1; i >= 0; i--) inlines.push(block.children[i]!);
    } else if (block.kind === 'quote') {
      for (let i = block.children.length - 1; i >= 0; i--) blocks.push(block.children[i]!);
    } else if (block.kind === 'list') {
      for (let i = block.items.length - 1; i >= 0; i--) {
        const item = block.items[i]!;
        for (let j = item.length - 1; j >= 0; j--) blocks.push(item[j]!);
      }
    }
  }
  return urls;
}

/**
 * The data a Markdown body becomes (MarkdownBody.svelte builds elements from it; nothing here is ever HTML), the
 * limits that keep it small, and the work counter that lets tests prove the reader runs in linear time: every loop
 * of the reader counts its steps here, so a test can double an input and see the work double, not square.
 */
import { isExplicitBidi } from '../publisher-text';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'em' | 'strong' | 'del'; children: Inline[] }
  /** `hostShown`: the words do not say where the link goes (they are not exactly its address), so the host is added. */
  | { kind: 'link'; href: string; host: string; hostShown: boolean; children: Inline[] }
  /** Inside a link, an image has no address of its own (`href` null): one click must open one place. */
  | { kind: 'image'; alt: string; href: string | null; host: string | null };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'heading'; level: number; children: Inline[] }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

/** Which link destinations become links, and the address and host they show; any other link is its words. */
export type LinkPolicy = (destination: string) => { href: string; host: string } | null;

export interface MarkdownOptions {
  /** shared/web-link.ts's webLink (http(s), no credentials) unless a test reads the CommonMark examples' `/uri` links. */
  link?: LinkPolicy;
  /** GFM's bare http(s) addresses as links (on unless a test checks plain CommonMark). */
  bareUrls?: boolean;
}

/** Quotes, lists and emphasis nest at most this deep; deeper marks read as text (or, for emphasis, are dropped). */
export const MAX_DEPTH = 8;
/** Longer bodies are shown as plain text (no sender needs more formatted text than this in a notification). */
export const MAX_MARKDOWN_CHARS = 20_000;

let steps = 0;

/** Counts `n` steps of the reader's work (one character looked at, one node moved, one table entry built). */
export function work(n = 1): void {
  steps += n;
}

/** The steps counted since the page loaded: for tests that compare work across input sizes, never for timing. */
export function markdownWork(): number {
  return steps;
}

/**
 * True when a link's words are exactly the address it opens, so no host label is needed: the same text as the
 * parsed address (`href`), or that text but for the `/` the URL parser adds after a bare host. Comparing with the
 * parsed address, not the address as written, means a look-alike name (`exаmple` with a Cyrillic а) is not "exactly
 * the address": its href is punycode (xn--…), and the label shows it.
 */
export function wordsAreAddress(words: string, href: string): boolean {
  return words === href || `${words}/` === href;
}

/**
 * The explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). A publisher's text never keeps
 * them: one left open would run on over the app's own words after it ("Image: … (open host)"), and a stray
 * U+2069 would close the isolation the app puts around publisher text. The marks U+200E/U+200F stay: they reach no
 * further than the characters beside them.
 */
export function withoutBidiControls(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    work();
    if (!isExplicitBidi(text.charCodeAt(i))) continue;
    out += text.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

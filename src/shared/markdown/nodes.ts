/**
 * The inline reader's working tree: nodes in linked lists, so wrapping a run of them in emphasis or a link moves
 * pointers instead of copying arrays (what keeps the reader linear). `toInlines` turns it into the plain data of
 * tree.ts with an explicit stack, not recursion, so no nesting depth can overflow the call stack; wrappers
 * past MAX_DEPTH are dropped (their words stay), a link inside a link becomes its words, an image inside a link loses
 * its own address.
 */
import { MAX_DEPTH, wordsAreAddress, work, type Inline } from './tree';

export interface Node {
  kind: 'root' | 'text' | 'code' | 'autolink' | 'em' | 'strong' | 'del' | 'link' | 'image';
  text: string;
  /** A delimiter run or bracket: later text does not merge into it. */
  mark: boolean;
  href: string | null;
  host: string | null;
  parent: Node | null;
  prev: Node | null;
  next: Node | null;
  first: Node | null;
  last: Node | null;
}

function node(kind: Node['kind'], text = '', mark = false): Node {
  return { kind, text, mark, href: null, host: null, parent: null, prev: null, next: null, first: null, last: null };
}

function unlink(n: Node): void {
  const parent = n.parent!;
  if (n.prev) n.prev.next = n.next;
  else parent.first = n.next;
  if (n.next) n.next.prev = n.prev;
  else parent.last = n.prev;
  n.prev = n.next = n.parent = null;
}

function insertAfter(anchor: Node | null, n: Node, parent: Node): void {
  n.parent = parent;
  n.prev = anchor;
  n.next = anchor ? anchor.next : parent.first;
  if (n.next) n.next.prev = n;
  else parent.last = n;
  if (anchor) anchor.next = n;
  else parent.first = n;
}

/** Moves the siblings from `from` up to (not including) `until` to the end of `into`'s children. */
function moveRun(from: Node | null, until: Node | null, into: Node): void {
  for (let n = from; n && n !== until; ) {
    work();
    const next: Node | null = n.next;
    unlink(n);
    insertAfter(into.last, n, into);
    n = next;
  }
}

export function linkedTree() {
  const root = node('root');
  return {
    text(text: string, mark = false): Node {
      const last = root.last;
      if (!mark && last?.kind === 'text' && !last.mark) {
        last.text += text;
        return last;
      }
      const n = node('text', text, mark);
      insertAfter(root.last, n, root);
      return n;
    },
    code(text: string): void {
      insertAfter(root.last, node('code', text), root);
    },
    autolink(text: string, href: string, host: string): void {
      const n = node('autolink', text);
      n.href = href;
      n.host = host;
      insertAfter(root.last, n, root);
    },
    /** Wraps everything after `opener` (to the end) in a new node of `kind`, placed after it. */
    wrapAfter(opener: Node, kind: 'link' | 'image'): Node {
      const wrapper = node(kind);
      moveRun(opener.next, null, wrapper);
      insertAfter(opener, wrapper, opener.parent!);
      return wrapper;
    },
    /** Wraps the siblings strictly between `opener` and `closer` in a new node of `kind`. */
    wrapBetween(opener: Node, closer: Node, kind: 'em' | 'strong' | 'del'): void {
      const wrapper = node(kind);
      moveRun(opener.next, closer, wrapper);
      insertAfter(opener, wrapper, opener.parent!);
    },
    remove: unlink,
    /** Puts a wrapper's children in its place. */
    unwrap(wrapper: Node): void {
      let anchor = wrapper.prev;
      for (let n = wrapper.first; n; ) {
        work();
        const next: Node | null = n.next;
        unlink(n);
        insertAfter(anchor, n, wrapper.parent!);
        anchor = n;
        n = next;
      }
      unlink(wrapper);
    },
    toInlines(): Inline[] {
      return toInlines(root);
    },
  };
}

interface Frame {
  next: Node | null;
  out: Inline[];
  depth: number;
  inLink: boolean;
  link: Extract<Inline, { kind: 'link' }> | null;
}

function pushText(out: Inline[], text: string): void {
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else if (text !== '') out.push({ kind: 'text', text });
}

/** The words of a subtree (an image's alt text, a link's words), walked once without recursion. */
function wordsOf(first: Node | null): string {
  let words = '';
  const stack: (Node | null)[] = [first];
  while (stack.length > 0) {
    work();
    const n = stack.pop();
    if (!n) continue;
    stack.push(n.next);
    if (n.kind === 'text' || n.kind === 'code' || n.kind === 'autolink') words += n.text;
    else stack.push(n.first);
  }
  return words;
}

export function plainWords(nodes: Inline[]): string {
  return nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'image' ? n.alt : plainWords(n.children))).join('');
}

function toInlines(root: Node): Inline[] {
  const result: Inline[] = [];
  const stack: Frame[] = [{ next: root.first, out: result, depth: 0, inLink: false, link: null}];
  while (stack.length > 0) {
    work();
    const f = stack[stack.length - 1]!;
    const n = f.next;
    if (!n) {
      stack.pop();
      if (f.link) {
        const words = plainWords(f.link.children);
        work(words.length);
        // The host is left out only when the words are exactly the address: "contains the host" can be faked.
        f.link.hostShown = !wordsAreAddress(words, f.link.href);
      }
      continue;
    }
    f.next = n.next;
    if (n.kind === 'text') pushText(f.out, n.text);
    else if (n.kind === 'code') f.out.push({ kind: 'code', text: n.text });
    else if (n.kind === 'autolink') {
      if (f.inLink) pushText(f.out, n.text);
      else f.out.push({ kind: 'link', href: n.href!, host: n.host!, hostShown: !wordsAreAddress(n.text, n.href!), children: [{ kind: 'text', text: n.text }] });
    } else if (n.kind === 'image') {
      const alt = wordsOf(n.first);
      f.out.push({ kind: 'image', alt, href: f.inLink ? null : n.href, host: f.inLink ? null : n.host });
    } else if (n.kind === 'link' && !f.inLink) {
      const link: Extract<Inline, { kind: 'link' }> = { kind: 'link', href: n.href!, host: n.host!, hostShown: true, children: [] };
      f.out.push(link);
      stack.push({ next: n.first, out: link.children, depth: f.depth + 1, inLink: true, link });
    } else if (n.kind === 'link' || f.depth >= MAX_DEPTH) {
      stack.push({ next: n.first, out: f.out, depth: f.depth, inLink: f.inLink, link: null});
    } else {
      const kind = n.kind as 'em' | 'strong' | 'del';
      const wrapper: Inline = { kind, children: [] };
      f.out.push(wrapper);
      stack.push({ next: n.first, out: wrapper.children, depth: f.depth + 1, inLink: f.inLink, link: null});
    }
  }
  return result;
}

/**
 * Bare http(s) addresses in a body's words become links (GFM's "extended autolink", the way ntfy's web app shows
 * them), after the CommonMark pass and never inside a link's words, so a link's text can never be a second link.
 * One scan per text node, and the scan jumps past each address it reads: linear.
 */
import { wordsAreAddress, work, type Inline, type LinkPolicy } from './tree';

const TRAILING = '.,;:!?\'")]*_~';

/** Trailing punctuation is not part of an address ("see https://x.org." ends at "org"), but a `)` closing one opened in it is. */
function trimUrl(url: string): string {
  let opens = 0;
  let closes = 0;
  for (const c of url) {
    work();
    if (c === '(') opens++;
    else if (c === ')') closes++;
  }
  let end = url.length;
  while (end > 0 && TRAILING.includes(url[end - 1]!)) {
    work();
    if (url[end - 1] === ')') {
      if (opens >= closes) break;
      closes--;
    }
    end--;
  }
  return url.slice(0, end);
}

const endsAddress = (c: string): boolean => c.charCodeAt(0) <= 0x20 || c === '<' || c === '>' || c === '"' || /\s/u.test(c);

function startsAddress(text: string, i: number): boolean {
  if (text[i] !== 'h' && text[i] !== 'H') return false;
  if (i > 0 && /[\w/]/.test(text[i - 1]!)) return false;
  const head = text.slice(i, i + 8).toLowerCase();
  return head.startsWith('http://') || head.startsWith('https://');
}

function splitText(text: string, out: Inline[], webLink: LinkPolicy): void {
  let from = 0;
  for (let i = 0; i < text.length; ) {
    work();
    if (!startsAddress(text, i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !endsAddress(text[j]!)) {
      work();
      j++;
    }
    const url = trimUrl(text.slice(i, j));
    const link = webLink(url);
    if (!link) {
      i = j;
      continue;
    }
    if (i > from) out.push({ kind: 'text', text: text.slice(from, i) });
    out.push({ kind: 'link', href: link.href, host: link.host, hostShown: !wordsAreAddress(url, link.href), children: [{ kind: 'text', text: url }] });
    i += url.length;
    from = i;
  }
  if (from === 0) out.push({ kind: 'text', text });
  else if (from < text.length) out.push({ kind: 'text', text: text.slice(from) });
}

export function linkBareUrls(nodes: Inline[], webLink: LinkPolicy): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    work();
    if (n.kind === 'text') splitText(n.text, out, webLink);
    else if (n.kind === 'em' || n.kind === 'strong' || n.kind === 'del') out.push({ kind: n.kind, children: linkBareUrls(n.children, webLink) });
    else out.push(n);
  }
  return out;
}

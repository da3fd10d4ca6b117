/**
 * The destinations of the inline images in a Markdown body (`![alt](destination "title")`), for main's remote-image
 * check: only these, never any other text of the body, count as images the item carries. One pass over the text,
 * no regular expression, so the work is linear in its length whatever a publisher sends. Destinations follow
 * CommonMark's inline-link rules (spec 0.31 §6.3): `<…>` without line breaks, or a run without spaces or control
 * characters whose parentheses balance; backslash escapes of ASCII punctuation are undone, as the renderer does.
 * Forms this scanner does not see (reference images, an image inside another's alt text) fail closed: no image.
 */

/** Work counter for the linearity test: characters looked at. */
export interface ScanCounter {
  steps: number;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Every image destination in `body`, in order (duplicates kept), as written (escapes undone). */
export function markdownImageUrls(body: string, counter?: ScanCounter): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = body.length;
  while (i < n) {
    if (counter) counter.steps++;
    if (body[i] === '\\') {
      i += 2;
      continue;
    }
    if (body[i] !== '!' || body[i + 1] !== '[') {
      i++;
      continue;
    }
    // The alt text ends at the unescaped `]` that balances its brackets (CommonMark allows balanced ones inside); a
    // nested image stops it. The scan resumes from where this one stopped, whatever follows, so no character is
    // looked at twice.
    let j = i + 2;
    let depth = 0;
    while (j < n && !(body[j] === ']' && depth === 0) && !(body[j] === '!' && body[j + 1] === '[')) {
      if (counter) counter.steps++;
      if (body[j] === '[') depth++;
      if (body[j] === ']') depth--;
      j += body[j] === '\\' ? 2 : 1;
    }
    if (j >= n || body[j] !== ']' || body[j + 1] !== '(') {
      i = j;
      continue;
    }
    const parsed = destination(body, j + 2, counter);
    if (parsed.url !== null) urls.push(parsed.url);
    i = Math.max(parsed.end, j + 1);
  }
  return urls;
}

/** The destination starting at `from` (after `](`), and where scanning may resume. */
function destination(s: string, from: number, counter?: ScanCounter): { url: string | null; end: number } {
  let i = from;
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  let out = '';
  if (s[i] === '<') {
    for (i++; i < s.length; i++) {
      if (counter) counter.steps++;
      const c = s[i]!;
      if (c === '>') return close(s, i + 1, out, counter);
      if (c === '\n' || c === '<') return { url: null, end: i };
      if (c === '\\' && PUNCTUATION.includes(s[i + 1] ?? '')) out += s[++i];
      else out += c;
    }
    return { url: null, end: i };
  }
  let depth = 0;
  for (; i < s.length; i++) {
    if (counter) counter.steps++;
    const c = s[i]!;
    if (c === '\\' && PUNCTUATION.includes(s[i + 1] ?? '')) {
      out += s[++i];
      continue;
    }
    if (c <= ' ' || c === '\x7f') break;
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    out += c;
  }
  if (depth !== 0 || out === '') return { url: null, end: i };
  return close(s, i, out, counter);
}

/** After the destination: an optional title, then `)`. */
function close(s: string, from: number, url: string, counter?: ScanCounter): { url: string | null; end: number } {
  let i = from;
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  const quote = s[i] === '"' || s[i] === "'" ? s[i] : s[i] === '(' ? ')' : null;
  if (quote !== null) {
    for (i++; i < s.length && s[i] !== quote; i++) {
      if (counter) counter.steps++;
      if (s[i] === '\\') i++;
    }
    i++;
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  }
  return s[i] === ')' ? { url, end: i + 1 } : { url: null, end: i };
}

/**
 * A strict XML 1.0 well-formedness check for tests: jsdom's DOMParser ('application/xml') for structure, plus a
 * code-point check against XML 1.0's `Char` production, which that parser does not fully enforce (it lets a lone
 * high surrogate through when another character follows).
 */

/** The little of the DOM these checks read (the node test project has no DOM types). */
export interface XmlElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
export interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
type DomParser = new () => { parseFromString(text: string, type: string): XmlDocument };

// jsdom ships no type declarations: imported by a name held in a variable, typed by the interfaces above.
const JSDOM_MODULE = 'jsdom';
const { JSDOM } = (await import(JSDOM_MODULE)) as { JSDOM: new (html: string) => { window: { DOMParser: DomParser } } };
const { DOMParser } = new JSDOM('').window;

/** Index of the first character outside `Char` (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]), or -1. */
export function firstNonXmlChar(xml: string): number {
  for (let i = 0; i < xml.length; i++) {
    const cp = xml.codePointAt(i)!;
    const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) return i;
    if (cp > 0xffff) i++;
  }
  return -1;
}

/** The parsed document, or why the text is not well-formed XML. */
export function parseXml(xml: string): { ok: true; doc: XmlDocument } | { ok: false; error: string } {
  const bad = firstNonXmlChar(xml);
  if (bad >= 0) return { ok: false, error: `${bad}: character U+${xml.charCodeAt(bad).toString(16)} is not allowed in XML 1.0` };
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  return error ? { ok: false, error: error.textContent ?? 'parsererror' } : { ok: true, doc };
}

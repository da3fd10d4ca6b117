/**
 * The Windows toast for one notification, as toast XML (Electron's `toastXml`): title and body as text, a click
 * that opens the item and "Mark as read" / "Like" buttons, all as herald:// protocol activations that come back to
 * the running Herald (deep-links.ts). Server text is escaped for XML; nothing of it lands in an attribute but
 * through URLSearchParams and escaping. The XML is well-formed for any text: characters XML 1.0 forbids even as
 * references (a toast with one is not shown at all) become U+FFFD. Links are made only for items a link can name
 * exactly (`canLink`; native.ts shows other items without toast XML). (Toast XML schema:
 * learn.microsoft.com/uwp/schemas/tiles/toastschema.)
 */
import { actLink, openLink } from '../../shared/deep-link';
import type { SoundChoice } from '../../shared/settings';

/**
 * Outside XML 1.0's `Char` production: C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates. Ingest
 * already replaced them in server text (src/shared/publisher-text.ts); this keeps the XML well-formed whatever the
 * caller passes.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const AUDIO: Record<SoundChoice, string> = {
  none: '<audio silent="true"/>',
  default: '',
  urgent: '<audio src="ms-winsoundevent:Notification.Reminder"/>',
};

export interface ToastXmlInput {
  title: string;
  body: string;
  sourceId: string;
  itemId: string;
  sound: SoundChoice;
  token: string;
  /** Without `like`, the toast offers only "Mark as read" (a server that takes no actions). */
  labels: { markRead: string; like?: string };
}

export function toastXml(t: ToastXmlInput): string {
  const attr = (s: string): string => escapeXml(s);
  return [
    `<toast activationType="protocol" launch="${attr(openLink(t.sourceId, t.itemId))}">`,
    '<visual><binding template="ToastGeneric">',
    `<text>${escapeXml(t.title)}</text>`,
    t.body ? `<text>${escapeXml(t.body)}</text>` : '',
    '</binding></visual>',
    '<actions>',
    `<action content="${attr(t.labels.markRead)}" activationType="protocol" arguments="${attr(actLink(t.sourceId, t.itemId, 'read', t.token))}"/>`,
    t.labels.like === undefined ? '' : `<action content="${attr(t.labels.like)}" activationType="protocol" arguments="${attr(actLink(t.sourceId, t.itemId, 'like', t.token))}"/>`,
    '</actions>',
    AUDIO[t.sound],
    '</toast>',
  ].join('');
}

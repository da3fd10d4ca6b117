/**
 * The Windows toast for one notification, as toast XML (Electron's `toastXml`): title and body as text, a click
 * that opens the item and "Mark as read" / "Like" buttons, all as herald:// protocol activations that come back to
 * the running Herald (deep-links.ts). Server text is escaped for XML; nothing of it lands in an attribute but
 * through URLSearchParams and escaping. (Toast XML schema: learn.microsoft.com/uwp/schemas/tiles/toastschema.)
 */
import { actLink, openLink } from '../../shared/deep-link';
import type { SoundChoice } from '../../shared/settings';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
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

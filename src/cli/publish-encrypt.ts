/**
 * `herald publish --encrypt`: the same message as publish-request.ts builds, sealed with the source's first key so
 * the server relays what it cannot read (docs/PROTOCOL.md "Encrypted events", docs/SOURCES.md "Encrypted messages").
 * - Herald: `POST /publish` with `{ type: "notification", jwe }`; the JWE holds title, body, priority, url, tags.
 * - ntfy (ntfy#69): the whole publish JSON, encrypted with the topic password's key, is the message body of
 *   `POST <server>/<topic>`, marked `Encoding: jwe` (ntfy 2.11 ignores the mark; receivers recognise the JWE itself).
 *   Only a delay stays in clear (`X-Delay`): the server must read it to hold the message.
 * - Nchan: the envelope `{ type: "notification", data: { jwe } }`; the JWE holds what `data` would.
 */
import type { SourceConfig } from '../core/source';
import { authHeaders } from '../core/auth-headers';
import { sealJwe } from '../core/e2e/jwe';
import { parseKeyString } from '../core/e2e/keys';
import { ntfyTopicKey, ntfyTopicUrl } from '../core/e2e/ntfy-key';
import { UsageError } from './io';
import { keyWords } from './key-words';
import type { UiLanguage } from '../shared/language';
import { heraldBody, nchanBody, nchanPublisherUrl, ntfyBody, oneChannel, type PublishFields, type PublishRequest } from './publish-request';

const idField = (name: string) => (answer: unknown): string | null => {
  const v = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
};

export async function sealedPublishRequest(config: SourceConfig, f: PublishFields, lang: UiLanguage): Promise<PublishRequest> {
  const words = keyWords(lang);
  const first = config.e2eKeys?.[0];
  if (first === undefined) throw new UsageError(words.noKey);
  if (f.type !== 'notification') throw new UsageError(words.onlyNotifications);
  const json = { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(config) };
  switch (config.kind) {
    case 'herald': {
      const { type: _type, ...fields } = heraldBody(f);
      // What the server would check and fill in for a clear notification, done here: it cannot read this one.
      if (typeof fields.title !== 'string' || fields.title.trim() === '') throw new UsageError(words.titleRequired);
      fields.priority ??= 3;
      const jwe = await sealJwe(JSON.stringify(fields), heraldKey(first));
      return { url: `${config.url}/publish`, headers: json, body: JSON.stringify({ type: 'notification', jwe }), idOf: idField('id') };
    }
    case 'ntfy': {
      const topic = oneChannel(config);
      const { delay, ...fields } = ntfyBody(topic, f);
      const key = await ntfyTopicKey(first, ntfyTopicUrl(config.url, topic));
      const jwe = await sealJwe(JSON.stringify(fields), { key });
      const headers: Record<string, string> = { 'content-type': 'text/plain', accept: 'application/json', Encoding: 'jwe', ...authHeaders(config) };
      if (typeof delay === 'string') headers['X-Delay'] = delay;
      return { url: `${config.url.replace(/\/+$/, '')}/${encodeURIComponent(topic)}`, headers, body: jwe, idOf: idField('id') };
    }
    case 'nchan': {
      const { data } = nchanBody(f) as { data: Record<string, unknown> };
      const jwe = await sealJwe(JSON.stringify(data), heraldKey(first));
      return { url: nchanPublisherUrl(config.url, oneChannel(config)), headers: json, body: JSON.stringify({ type: 'notification', data: { jwe } }), idOf: idField('last_message_id') };
    }
  }
}

function heraldKey(s: string): { kid: string; key: Uint8Array } {
  const parsed = parseKeyString(s);
  // Checked when the flags were read (key-flags.ts); a config from elsewhere gets the same words.
  if ('error' in parsed) throw new UsageError(parsed.error);
  return parsed;
}

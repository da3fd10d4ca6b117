/**
 * The log redaction over generated secrets (fast-check): a secret put in any place a secret travels — a header, an
 * auth scheme, URL user info, a query parameter, a `key=value`, a JSON field, a structured log field — never comes out;
 * redacting twice equals redacting once; any text at all is taken without throwing, and the output is bounded.
 */
import fc from 'fast-check';
import { MAX_LINE, REDACTED, redactEntry, redactLine, redactValue } from '../../src/shared/log-redact';
import { createPlaceholders } from '../../src/shared/log-placeholders';
import { generateHeraldKey } from '../../src/core/e2e/keys';

const TOKEN_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-+/';
/** Token-like secrets: what servers issue (ntfy tk_…, JWTs, base64). */
const tokenSecret = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 10, maxLength: 48 });
/** Password-like secrets: any printable character (a password in a URL or JSON is escaped by its writer). */
const passwordSecret = fc.string({ unit: fc.constantFrom(...`${TOKEN_CHARS}!$%*()[]{}<>:;@#?&=,'" \\|^\``), minLength: 10, maxLength: 32 });
/** Free-text `name=value` ends at a space, comma, semicolon, ampersand or quote: a value holds none of those. */
const freeTextSecret = fc.string({ unit: fc.constantFrom(...`${TOKEN_CHARS}!$%*()[]{}<>:@#?=\\|^`), minLength: 10, maxLength: 32 });
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const noise = fc.string({ unit: fc.constantFrom(...'abc XYZ 01 :/=,'), maxLength: 20 });

const NAMES = ['token', 'password', 'auth', 'privateKey', 'encryption_key', 'secret', 'accessToken', 'api_key', 'encryptionKey', 'x-auth-token', 'passwd'];

/** Each place a secret travels, as the text around it. */
const placesForTokens: ((s: string) => string)[] = [
  (s) => `Authorization: Bearer ${s}`,
  (s) => `authorization:${s}`,
  (s) => `Proxy-Authorization: Basic ${s}`,
  (s) => `Cookie: session=${s}; theme=dark`,
  (s) => `sending with Bearer ${s} now`,
  (s) => `GET http://127.0.0.1:8080/mytopic/sse?auth=${s}`,
  (s) => `GET https://h.example/a/json?since=all&token=${s}&poll=1`,
  (s) => `https://h.example/x?access_token=${encodeURIComponent(s)}#top`,
  (s) => `tk_${s.replace(/[^A-Za-z0-9]/g, 'a')}`,
];
const placesForPasswords: ((s: string) => string)[] = [
  (s) => `connecting to https://alice:${encodeURIComponent(s)}@ntfy.example/topic`,
  (s) => `connecting to http://${encodeURIComponent(s)}@ntfy.example:8080/`,
  (s) => `Authorization: Basic ${b64(`alice:${s}`)}`,
  (s) => `{"password":${JSON.stringify(s)},"user":"alice"}`,
  (s) => `{"headers":{"Authorization":${JSON.stringify(`Basic ${b64(`alice:${s}`)}`)}}}`,
];

function forms(secret: string): string[] {
  const basic = b64(`alice:${secret}`);
  return [secret, encodeURIComponent(secret), basic, JSON.stringify(secret).slice(1, -1)].filter((f) => f.length >= 6);
}

function expectGone(out: string, secret: string, text: string): void {
  for (const form of forms(secret)) {
    // A secret may happen to be part of the fixed words around it; only a leak of the secret itself counts.
    if (text.split(secret).join('').includes(form)) continue;
    expect(out, `secret ${JSON.stringify(form)} left in ${JSON.stringify(out)}`).not.toContain(form);
  }
}

describe('redactLine', () => {
  it('no token survives in any place a token travels', () => {
    fc.assert(
      fc.property(tokenSecret, fc.constantFrom(...placesForTokens), noise, noise, (secret, place, before, after) => {
        const text = `${before} ${place(secret)} ${after}`;
        expectGone(redactLine(text), place === placesForTokens[8] ? `tk_${secret.replace(/[^A-Za-z0-9]/g, 'a')}` : secret, text);
      }),
      { numRuns: 400 },
    );
  });

  it('no password survives in URL user info, Basic credentials or a JSON field', () => {
    fc.assert(
      fc.property(passwordSecret, fc.constantFrom(...placesForPasswords), noise, (secret, place, before) => {
        const text = `${before} ${place(secret)}`;
        expectGone(redactLine(text), secret, text);
      }),
      { numRuns: 400 },
    );
  });

  it('no value of a field named like a secret survives, written as key=value, key: value, "key":"value" or a query', () => {
    const shapes = [(n: string, s: string) => `${n}=${s}`, (n: string, s: string) => `${n}: ${s}`, (n: string, s: string) => `"${n}": ${JSON.stringify(s)}`, (n: string, s: string) => `'${n}': '${s}'`, (n: string, s: string) => `https://h.example/p?x=1&${n}=${encodeURIComponent(s)}`];
    fc.assert(
      fc.property(freeTextSecret, fc.constantFrom(...NAMES), fc.constantFrom(...shapes), noise, (secret, name, shape, before) => {
        fc.pre(!secret.includes("'"));
        const text = `${before} ${shape(name, secret)} done`;
        expectGone(redactLine(text), secret, text);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent and never throws on any text; a line is cut at a bound', () => {
    const soup = fc.array(fc.constantFrom('Authorization: ', 'Bearer ', 'Basic ', 'token=', '"password":"', 'https://', 'u:p@', '@', '?auth=', '?key=', '&', '"', "'", '\\', ' ', '\n', 'tk_', 'abc123', '[redacted]', ':', '='), { maxLength: 60 }).map((t) => t.join(''));
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const once = redactLine(text);
        expect(redactLine(once)).toBe(once);
        expect(once.length).toBeLessThanOrEqual(MAX_LINE + 64 + text.length);
      }),
      { numRuns: 500 },
    );
    expect(redactLine('x'.repeat(MAX_LINE * 3)).length).toBeLessThan(MAX_LINE + 64);
  });

  it('takes the shapes that make backtracking patterns quadratic, whole (a line at the bound of each)', () => {
    // Each shape once had a pattern scanning from every position inside it (`a.a.a…` from every `\b`); the bound
    // keeps one line's work fixed, and these must come back whole, unchanged but for what is a secret.
    const n = MAX_LINE / 2 - 8;
    for (const text of ['a.'.repeat(n), 'a-'.repeat(n), 'x://'.repeat(n / 2), `x://${'a:'.repeat(n)}`, `token${'='.repeat(n)}`, `"password":"${'\\'.repeat(n)}`]) {
      expect(redactLine(text).length).toBeGreaterThan(0);
    }
    expect(redactLine(`${'a.'.repeat(1000)}://u:p@h`)).toBe(`${'a.'.repeat(1000)}://${REDACTED}@h`);
  });

  it('leaves ordinary words alone', () => {
    expect(redactLine('sse closed after 3 events from http://127.0.0.1:8787/events')).toBe('sse closed after 3 events from http://127.0.0.1:8787/events');
    expect(redactLine('Authorization: Bearer abc.def')).toBe(`Authorization: ${REDACTED}`);
    // `key` names items and outbox entries in Herald; only as a query parameter is it an API key.
    expect(redactLine('acknowledged {"key":"demo/42"}')).toBe('acknowledged {"key":"demo/42"}');
    expect(redactLine('GET https://h.example/v1?key=AIzaSyExample123&q=1')).toBe(`GET https://h.example/v1?key=${REDACTED}&q=1`);
  });
});

describe('end-to-end keys (issue 22)', () => {
  it('no Herald key string survives in a line, wherever it stands', () => {
    fc.assert(
      fc.property(fc.constantFrom((k: string) => `key ${k} refused`, (k: string) => `HERALD_KEY=${k}`, (k: string) => `["${k}"]`, (k: string) => `(${k})`), noise, (place, before) => {
        const key = generateHeraldKey();
        const out = redactLine(`${before}${place(key)}`);
        expect(out).not.toContain(key.split('.')[2]);
      }),
      { numRuns: 100 },
    );
  });

  it('no topic password or key survives in a source e2eKeys field, as text or as a structured field', () => {
    fc.assert(
      fc.property(passwordSecret, (secret) => {
        expectGone(redactLine(`source {"e2eKeys":${JSON.stringify(secret)}}`), secret, 'source {"e2eKeys":""}');
        const out = JSON.stringify(redactValue({ source: { id: 'a', e2eKeys: [secret, 'second-password'] } }));
        expect(out).not.toContain('second-password');
        expectGone(out, secret, '');
      }),
      { numRuns: 100 },
    );
  });
});

describe('redactValue', () => {
  it('drops every field named like a secret, at any depth, and redacts every string', () => {
    fc.assert(
      fc.property(passwordSecret, fc.constantFrom(...NAMES, 'Authorization', 'Cookie'), (secret, name) => {
        const fields = { source: 'a', nested: { deeper: [{ [name]: secret }] }, message: `got ${placesForPasswords[0]!(secret)}`, error: new Error(`Bearer ${b64(secret)}`) };
        const out = JSON.stringify(redactValue(fields));
        expectGone(out, secret, JSON.stringify({ ...fields, error: '' }));
        expect(out).not.toContain(b64(secret));
        expect(redactValue(redactValue(fields))).toEqual(redactValue(fields));
      }),
      { numRuns: 300 },
    );
  });

  it('writes cycles and deep nesting without throwing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    let deep: Record<string, unknown> = { token: 'zzzzzzzzzz' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    expect(() => redactEntry('x', { a, deep })).not.toThrow();
    expect(redactEntry('x', { a, deep })).not.toContain('zzzzzzzzzz');
  });
});

describe('createPlaceholders', () => {
  it('replaces hosts and topics by stable placeholders, after the secrets, idempotently', () => {
    const p = createPlaceholders();
    p.learn('topic', ['alerts-prod']);
    const line = p.redactLine('GET https://bob:hunter2hunter2@ntfy.example.com/alerts-prod/json?auth=abcdefgh then alerts-prod again');
    expect(line).toBe(`GET https://${REDACTED}@host-1/topic-1/json?auth=${REDACTED} then topic-1 again`);
    expect(p.redactLine(line)).toBe(line);
    expect(p.redactLine('http://ntfy.example.com:80/other')).toBe('http://host-1:80/topic-2');
    expect(p.redactValue({ server: 'https://other.example/x', topic: 'alerts-prod', password: 'p' })).toEqual({ server: 'https://host-2/topic-3', topic: 'topic-1', password: REDACTED });
    // A fresh set numbers afresh: two exports cannot be joined by their numbers.
    expect(createPlaceholders().host('other.example')).toBe('host-1');
  });

  it('no generated host or topic name survives in a URL', () => {
    const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 20 });
    fc.assert(
      fc.property(label, label, (host, topic) => {
        fc.pre(!['events', 'subscribe', 'publish'].includes(topic));
        const out = createPlaceholders().redactLine(`opened https://${host}.example:443/${topic}/sse and http://${host}.example/${topic},${topic}x/json`);
        expect(out).not.toContain(host);
        expect(out).not.toContain(topic);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * The built-in redactor reads log lines and server error messages (outside text): it never throws, no secret shape
 * survives it, and placeholders replace every configured host and topic wherever they stand.
 */
import fc from 'fast-check';
import { createDiagnosticsRedactor } from '../../../src/main/diagnostics/redactor';

const secretChars = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/);
const noise = fc.string({ maxLength: 200 });

describe('diagnostics redactor', () => {
  it('never throws on any text, placeholders on or off', () => {
    const r = createDiagnosticsRedactor(() => ({ hosts: ['example.com', 'a.b'], topics: ['alerts', '(x)'] }));
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.boolean(), (text, on) => {
        r.placeholders(on);
        expect(typeof r.redact(text)).toBe('string');
      }),
    );
  });

  it('no secret survives in the usual shapes, whatever surrounds it', () => {
    const r = createDiagnosticsRedactor(() => ({ hosts: [], topics: [] }));
    const shapes = [
      (s: string) => `Authorization: Bearer ${s}`,
      (s: string) => `authorization=${s}`,
      (s: string) => `https://user:${s}@host.example/x`,
      (s: string) => `GET /t/json?auth=${s}&since=1`,
      (s: string) => `{"token":"${s}","x":1}`,
      (s: string) => `password=${s}`,
    ];
    fc.assert(
      fc.property(secretChars, fc.constantFrom(...shapes), noise, noise, (secret, shape, before, after) => {
        const out = r.redact(`${before.replace(/[A-Za-z0-9]/g, ' ')}\n${shape(secret)}\n${after.replace(/[A-Za-z0-9]/g, ' ')}`);
        expect(out).not.toContain(secret);
      }),
    );
  });

  it('with placeholders on, every configured host and topic is replaced, the same name by the same placeholder', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{2,15}$/);
    fc.assert(
      fc.property(name, name, noise, (host, topic, filler) => {
        fc.pre(!host.includes(topic) && !topic.includes(host) && !'host-topic'.includes(host) && !'host-topic'.includes(topic));
        const r = createDiagnosticsRedactor(() => ({ hosts: [`${host}.example`], topics: [topic] }));
        const clean = filler.replace(/[A-Za-z0-9_-]/g, ' ');
        const out = r.redact(`${clean} https://${host}.example/${topic}/sse ${topic} ${host}.example:443 ${clean}`);
        expect(out).not.toContain(`${host}.example`);
        expect(out.split('host-1')).toHaveLength(3);
        expect(out.split('topic-1')).toHaveLength(3);
        r.placeholders(false);
        expect(r.redact(`${host}.example ${topic}`)).toBe(`${host}.example ${topic}`);
      }),
    );
  });
});

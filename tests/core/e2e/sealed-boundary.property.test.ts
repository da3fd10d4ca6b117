/**
 * A valid JWE is no pass: what opens is publisher text like any other (issue 22). For any plaintext a key holder can
 * seal — strings with bidi and control characters, Markdown, actions to any address, wrong types, extra fields — the
 * opened notification is exactly what the same fields sent in clear become after validation (the one boundary,
 * src/core/validate-event.ts), or, where clear fields would be refused, an item that stays sealed and shows nothing.
 */
import fc from 'fast-check';
import { openEvents } from '../../../src/core/e2e/open';
import { generateHeraldKey, parseKeyString } from '../../../src/core/e2e/keys';
import { sealJwe } from '../../../src/core/e2e/jwe';
import { validateEvent } from '../../../src/core/validate-event';

const keyString = generateHeraldKey();
const parsed = parseKeyString(keyString);
if ('error' in parsed) throw new Error(parsed.error);
const key = parsed;

const hostileText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('\u202e', '\u2066', '\u200b', '\u0000', '\u001b', '\r', '\n', '*', '[', ']', '(', ')', '<', '>', 'a', ' '), maxLength: 80 }),
  fc.constant('[click](javascript:alert(1)) <img src=x onerror=alert(1)> ' + '*'.repeat(200)),
);
const hostileAction = fc.record(
  {
    kind: fc.constantFrom('view', 'http', 'broadcast', 'open', 'like'),
    label: hostileText,
    url: fc.constantFrom('http://127.0.0.1:22/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://example.com/ok'),
    method: fc.constantFrom('GET', 'POST', 'DELETE', 'TRACE'),
  },
  { requiredKeys: ['kind'] },
);
const plaintextFields = fc.record(
  {
    title: fc.oneof({ weight: 8, arbitrary: hostileText }, fc.integer(), fc.constant(null)),
    body: fc.oneof({ weight: 8, arbitrary: hostileText }, fc.array(fc.string(), { maxLength: 2 })),
    priority: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.integer({ min: -2, max: 8 }), fc.string({ maxLength: 3 })),
    url: fc.constantFrom('https://example.com/', 'javascript:alert(1)', 'http://10.0.0.1/', 'data:text/html,x'),
    tags: fc.array(hostileText, { maxLength: 25 }),
    format: fc.constantFrom('markdown', 'text', 'html'),
    markdown: fc.boolean(),
    actions: fc.array(hostileAction, { maxLength: 5 }),
    sealed: fc.constantFrom('no_key', 'undecryptable'),
    itemId: fc.string({ maxLength: 10 }),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('an opened sealed notification crosses the same boundary as a clear one', () => {
  it('opens to exactly what the same fields in clear validate to, or stays sealed where they would be refused', async () => {
    let opens = 0;
    await fc.assert(
      fc.asyncProperty(plaintextFields, async (fields) => {
        const jwe = await sealJwe(JSON.stringify(fields), key);
        const envelope = { id: '7', type: 'notification', time: '2026-01-01T00:00:00Z' };
        const sealed = validateEvent({ ...envelope, data: { itemId: 'n7', jwe } });
        if (!sealed.ok) throw new Error(sealed.reason);
        const [opened] = await openEvents([sealed.event], { url: 'http://127.0.0.1:1', keys: [keyString], topics: [] });
        // The clear twin: the sealed item's own `sealed` and `itemId` are the envelope's, never the plaintext's.
        const { sealed: _s, itemId: _i, ...clearFields } = fields;
        const clear = validateEvent({ ...envelope, data: { ...clearFields, itemId: 'n7' } });
        if (clear.ok) {
          opens++;
          expect(opened).toEqual(clear.event);
        }
        else expect(opened).toMatchObject({ data: { itemId: 'n7', title: '', body: '', sealed: 'undecryptable' } });
      }),
      { numRuns: 200 },
    );
    // Both sides of the property were tried: plenty of plaintexts open.
    expect(opens).toBeGreaterThan(20);
  });
});

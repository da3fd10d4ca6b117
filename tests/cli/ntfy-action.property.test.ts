/**
 * `herald publish --action '…'` in ntfy's short format (src/cli/ntfy-action.ts): examples from ntfy's docs, and
 * properties for any text — never a throw, a result that is always a well-formed action or a named problem, the
 * written form of any action read back as the same action, and work linear in the length (counted, never timed).
 */
import fc from 'fast-check';
import { parseNtfyAction, type NtfyAction } from '../../src/cli/ntfy-action';

describe('an --action in ntfy short format', () => {
  it('reads the forms ntfy documents', () => {
    expect(parseNtfyAction('view, Open portal, https://home.nest.com/, clear=true')).toEqual({
      ok: true,
      action: { action: 'view', label: 'Open portal', url: 'https://home.nest.com/', clear: true },
    });
    expect(parseNtfyAction(`http, Close door, https://api.nest.com/, method=PUT, headers.Authorization=Bearer zAzsx1sk, body='{"action": "close", "all": true}'`)).toEqual({
      ok: true,
      action: { action: 'http', label: 'Close door', url: 'https://api.nest.com/', method: 'PUT', headers: { Authorization: 'Bearer zAzsx1sk' }, body: '{"action": "close", "all": true}' },
    });
    expect(parseNtfyAction('broadcast, Take picture, extras.cmd=pic, extras.camera=front')).toEqual({
      ok: true,
      action: { action: 'broadcast', label: 'Take picture', extras: { cmd: 'pic', camera: 'front' } },
    });
    expect(parseNtfyAction('action=view, label="Open, now", url=https://example.com/?a=b&c=d')).toEqual({
      ok: true,
      action: { action: 'view', label: 'Open, now', url: 'https://example.com/?a=b&c=d' },
    });
    // An apostrophe inside a label is text; a URL with `=` in its query stays the URL.
    expect(parseNtfyAction("view, Don't panic, https://example.com/x?y=1")).toEqual({ ok: true, action: { action: 'view', label: "Don't panic", url: 'https://example.com/x?y=1' } });
  });

  it('names what is wrong', () => {
    expect(parseNtfyAction('view, Open')).toEqual({ ok: false, problem: 'missing_url' });
    expect(parseNtfyAction('jump, Go, https://x.example/')).toEqual({ ok: false, problem: 'unknown_action' });
    expect(parseNtfyAction('view, , https://x.example/')).toEqual({ ok: false, problem: 'missing_label' });
    expect(parseNtfyAction('view, Open, javascript:alert(1)')).toEqual({ ok: false, problem: 'not_http_url' });
    expect(parseNtfyAction('view, "Open, https://x.example/')).toEqual({ ok: false, problem: 'unclosed_quote' });
    expect(parseNtfyAction('view, Open, https://x.example/, more')).toEqual({ ok: false, problem: 'extra_field' });
    expect(parseNtfyAction('view, Open, https://x.example/, clear=yes')).toEqual({ ok: false, problem: 'bad_clear' });
    expect(parseNtfyAction('view, Open, https://x.example/, method=POST')).toEqual({ ok: false, problem: 'wrong_kind_field' });
    expect(parseNtfyAction('http, Go, https://x.example/, method=PO ST')).toEqual({ ok: false, problem: 'bad_method' });
  });

  const token = fc.constantFrom('view', 'http', 'broadcast', ',', ', ', '=', '"', "'", ' ', 'label=', 'url=', 'clear=true', 'headers.X=', 'extras.a=', 'https://a.example/?q=1', 'é', '通', 'x');
  const anyText = fc.oneof(fc.array(token, { maxLength: 60 }).map((t) => t.join('')), fc.string({ maxLength: 200 }));

  it('never throws, and answers a well-formed action or a named problem', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseNtfyAction(text);
        if (!r.ok) return typeof r.problem === 'string';
        const a = r.action;
        expect(['view', 'http', 'broadcast']).toContain(a.action);
        expect(a.label.trim()).not.toBe('');
        if (a.action === 'broadcast') expect(a.url).toBeUndefined();
        else expect(new URL(a.url as string).protocol).toMatch(/^https?:$/);
        if (a.method !== undefined) expect(a.method).toMatch(/^[A-Z]+$/);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  /** Any action, written the way a person would (every value quoted), reads back as itself. */
  const word = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('"') && s.trim() !== '');
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
  const url = fc.webUrl({ withQueryParameters: true }).filter((u) => !u.includes('"'));
  const action: fc.Arbitrary<NtfyAction> = fc.oneof(
    fc.record({ action: fc.constant('view' as const), label: word, url, clear: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['action', 'label', 'url'] }),
    fc.record(
      { action: fc.constant('http' as const), label: word, url, method: fc.constantFrom('GET', 'POST', 'PUT'), headers: fc.dictionary(name, word, { minKeys: 1, maxKeys: 3 }), body: word },
      { requiredKeys: ['action', 'label', 'url'] },
    ),
    fc.record({ action: fc.constant('broadcast' as const), label: word, intent: word, extras: fc.dictionary(name, word, { minKeys: 1, maxKeys: 3 }) }, { requiredKeys: ['action', 'label'] }),
  );
  function written(a: NtfyAction): string {
    const q = (v: string): string => `"${v}"`;
    const parts = [a.action, q(a.label)];
    if (a.url !== undefined) parts.push(q(a.url));
    if (a.clear !== undefined) parts.push(`clear=${a.clear}`);
    if (a.method !== undefined) parts.push(`method=${a.method}`);
    for (const [k, v] of Object.entries(a.headers ?? {})) parts.push(`headers.${k}=${q(v)}`);
    if (a.body !== undefined) parts.push(`body=${q(a.body)}`);
    if (a.intent !== undefined) parts.push(`intent=${q(a.intent)}`);
    for (const [k, v] of Object.entries(a.extras ?? {})) parts.push(`extras.${k}=${q(v)}`);
    return parts.join(', ');
  }

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(action, (a) => {
        const r = parseNtfyAction(written(a));
        expect(r).toEqual({ ok: true, action: JSON.parse(JSON.stringify(a)) });
      }),
      { numRuns: 1000 },
    );
  });

  it('does work linear in the length of the text (steps counted)', () => {
    const nasty = ['=', 'x=', '"', "'", ',', 'headers.a=', ' ', 'label=' + '='.repeat(3)];
    for (const unit of nasty) {
      const steps = (n: number): number => {
        const counter = { steps: 0 };
        parseNtfyAction(unit.repeat(n), counter);
        return counter.steps;
      };
      const small = steps(2000);
      const large = steps(4000);
      expect(large).toBeLessThanOrEqual(small * 2 + 10);
      expect(large).toBeLessThanOrEqual(4000 * unit.length * 3);
    }
  });
});

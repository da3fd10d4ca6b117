/**
 * Settings → Rules, "test against the last 100 items", main side: the acceptance rules run by the core's
 * own evaluation over the newest items (ntfy topics read from the event ids), through the real invoke handler.
 */
import { silentLogger } from '../../src/core/base/log';
import { MemoryStore } from '../../src/core/store';
import { createHeraldClient } from '../../src/core/client';
import { createInvokeHandlers, invokeHandler } from '../../src/main/ipc/handlers';
import { createPausedState } from '../../src/main/paused-state';
import { previewRules } from '../../src/main/rules-preview';
import { SettingsService } from '../../src/main/settings/settings-service';
import type { InboxItem } from '../../src/shared/inbox';
import type { Rule } from '../../src/shared/rules';
import type { SourceKindName } from '../../src/shared/settings';

const cipher = { isAvailable: () => false, encrypt: (t: string) => t, decrypt: (d: string) => d };

function item(n: number, topic: string, title: string, patch: Partial<InboxItem> = {}): InboxItem {
  return {
    key: `ntfy1/m${n}`, sourceId: 'ntfy1', itemId: `m${n}`, eventId: `${topic}:m${n}`, kind: 'notification', title, body: '', priority: 3,
    time: new Date(Date.UTC(2026, 11, 7, 12, 0, n)).toISOString(), read: false, likes: 0, liked: false, commentCount: 0, ...patch,
  };
}

/** "CI failures from topic ci pop up with the urgent sound, everything else from ci only in a 30-minute digest." */
const ACCEPTANCE: Rule[] = [
  { id: 'rule-1', name: 'CI failures', scope: { kind: 'global' }, match: { channel: 'ci', title: { kind: 'words', words: 'failed' } }, actions: { sound: 'urgent' }, continue: false },
  { id: 'rule-2', name: 'Rest of ci', scope: { kind: 'global' }, match: { channel: 'ci' }, actions: { digestMinutes: 30 }, continue: false },
];

describe('rules preview', () => {
  it('each of the newest items names the rule that decides it: failures the first, the rest of ci the second, other topics none', () => {
    const items = [item(4, 'ci', 'Build FAILED on main'), item(3, 'ci', 'Build passed'), item(2, 'deploys', 'Deploy failed'), item(1, 'ci', 'ｆａｉｌｅｄ： nightly')];
    const kinds = (id: string): SourceKindName | undefined => (id === 'ntfy1' ? 'ntfy' : undefined);
    const preview = previewRules(ACCEPTANCE, items, kinds);
    expect(preview.items.map((i) => [i.title, i.matched.map((m) => m.name)])).toEqual([
      ['Build FAILED on main', ['CI failures']],
      ['Build passed', ['Rest of ci']],
      ['Deploy failed', []],
      ['ｆａｉｌｅｄ： nightly', ['CI failures']],
    ]);
  });

  it('looks at the newest 100 items only, and refuses rules the settings rulebook refuses', async () => {
    const items = Array.from({ length: 250 }, (_, i) => item(250 - i, 'ci', `n${250 - i}`));
    const preview = previewRules(ACCEPTANCE, items, () => 'ntfy');
    expect(preview.items).toHaveLength(100);
    expect(preview.items[0]?.title).toBe('n250');

    const settings = new SettingsService({ store: new MemoryStore(), cipher, logger: silentLogger });
    const client = createHeraldClient({ sources: [], store: new MemoryStore(), inboxStore: null, logger: silentLogger });
    const handlers = createInvokeHandlers({ client, settings, paused: createPausedState(silentLogger), openExternal: async () => undefined, notices: () => [], systemLanguage: () => 'en' });
    const bad = await invokeHandler(handlers, 'herald:preview-rules', [[{ ...ACCEPTANCE[0], match: { title: { kind: 'regex', pattern: '(a+)+$' } } }]]);
    expect(bad.ok === false && bad.error.code).toBe('invalid_input');
    expect(await invokeHandler(handlers, 'herald:preview-rules', [ACCEPTANCE])).toEqual({ ok: true, value: { items: [] } });
  });
});

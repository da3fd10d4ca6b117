/** `herald:why-notified` hands the window the notifications feature's record for an item, checked key in, null when none is kept. */
import { createHeraldClient } from '../../../src/core/client';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { createInvokeHandlers, invokeHandler } from '../../../src/main/ipc/handlers';
import { createPausedState } from '../../../src/main/paused-state';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { NotifyDecision } from '../../../src/shared/rules';

const DECISION: NotifyDecision = { toast: true, decidedBy: 'profile_toast', profile: { scope: 'global', priority: 3 }, rules: [], sound: 'default', badge: true };

it('answers the record of a known item, null for another, and refuses a key that names no item', async () => {
  const asked: string[] = [];
  const handlers = createInvokeHandlers({
    client: createHeraldClient({ sources: [], store: new MemoryStore(), inboxStore: null, logger: silentLogger }),
    settings: new SettingsService({ store: new MemoryStore(), cipher: { isAvailable: () => false, encrypt: (t) => t, decrypt: (d) => d } }),
    paused: createPausedState(silentLogger),
    openExternal: async () => undefined,
    notices: () => [],
    systemLanguage: () => 'en',
    decisionFor: (key) => (asked.push(key), key === 'main/1' ? DECISION : undefined),
  });
  expect(await invokeHandler(handlers, 'herald:why-notified', ['main/1'])).toEqual({ ok: true, value: DECISION });
  expect(await invokeHandler(handlers, 'herald:why-notified', ['main/2'])).toEqual({ ok: true, value: null });
  const bad = await invokeHandler(handlers, 'herald:why-notified', ['no-slash']);
  expect(bad.ok === false && bad.error.code).toBe('invalid_input');
  expect(asked).toEqual(['main/1', 'main/2']);
});

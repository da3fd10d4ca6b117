import { silentLogger } from '../../src/core/base/log';
import { IdempotencyStore, KEY_TTL_MS } from '../../src/server/idempotency';
import { tempDir } from './fixture';

describe('IdempotencyStore', () => {
  it('forgets keys after 7 days', () => {
    let now = 1_000_000;
    const store = new IdempotencyStore({ now: () => now, logger: silentLogger });
    store.put({ key: 'k', hash: 'h', status: 200, body: { ok: true }, at: now });
    now += KEY_TTL_MS - 1;
    expect(store.get('k')?.body).toEqual({ ok: true });
    now += 2;
    expect(store.get('k')).toBeUndefined();
  });

  it('reloads live keys from the data directory and drops expired ones', () => {
    const dataDir = tempDir();
    let now = 5_000_000;
    const first = new IdempotencyStore({ dataDir, now: () => now, logger: silentLogger });
    first.put({ key: 'old', hash: 'h1', status: 200, body: 1, at: now });
    now += KEY_TTL_MS / 2;
    first.put({ key: 'new', hash: 'h2', status: 200, body: 2, at: now });
    first.close();
    now += KEY_TTL_MS / 2 + 1;
    const second = new IdempotencyStore({ dataDir, now: () => now, logger: silentLogger });
    expect(second.get('old')).toBeUndefined();
    expect(second.get('new')).toMatchObject({ hash: 'h2', body: 2 });
    second.close();
  });
});

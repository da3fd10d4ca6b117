/**
 * The app's first connect to an ntfy source ("On first connect" in Settings → Sources): `loadRecent` against the real
 * ntfy 2.11 loads nothing for "new only", the span asked for, or everything the cache keeps — with the source's
 * filters applied to that read too.
 */
import type { SourceConfig } from '../../../src/core/source';
import { createNtfySource } from '../../../src/core/sources/ntfy';
import { parseHistoryStart } from '../../../src/shared/history-start';
import { startNtfy, type NtfyServer } from '../../support/ntfy/ntfy-server';

let server: NtfyServer;
const topic = `first-load-${process.pid}`;

beforeAll(async () => {
  server = await startNtfy();
  await server.publish(topic, 'low', { Priority: '2' });
  await server.publish(topic, 'urgent', { Priority: '5' });
});
afterAll(async () => {
  await server?.stop();
});

async function firstLoad(extra: Partial<SourceConfig>): Promise<{ bodies: string[]; cursor: string | null }> {
  const source = createNtfySource({ id: 'n', kind: 'ntfy', url: server.url, channels: [topic], ...extra }, { fetch });
  const bodies: string[] = [];
  const cursor = await source.loadRecent!(500, (events) => bodies.push(...events.map((e) => String((e.data as { body?: string }).body))), new AbortController().signal);
  return { bodies, cursor };
}

describe('ntfy first load', () => {
  it('loads everything the cache keeps by default and for "all", nothing for "now", the span for a duration', async () => {
    expect((await firstLoad({})).bodies).toEqual(['low', 'urgent']);
    expect((await firstLoad({ since: parseHistoryStart('all')! })).bodies).toEqual(['low', 'urgent']);
    expect((await firstLoad({ since: parseHistoryStart('1h')! })).bodies).toEqual(['low', 'urgent']);
    const now = await firstLoad({ since: parseHistoryStart('now')! });
    expect(now.bodies).toEqual([]);
    // It continues live from the present second, not from "all".
    expect(now.cursor).toMatch(/^\d{10}$/);
  });

  it('applies the filters to the first load', async () => {
    expect((await firstLoad({ ntfyFilters: { priority: 'high,urgent' } })).bodies).toEqual(['urgent']);
  });
});

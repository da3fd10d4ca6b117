/**
 * What an outbox file holds, as the next process to open it would see it: the store's `entries` with the journal's
 * changes since the last whole write replayed over them. Read-only: nothing is compacted or moved.
 */
import { replayJournal } from '../../../src/core/outbox/outbox-schema';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import type { OutboxEntry } from '../../../src/shared/outbox';

export function storedEntries(path: string): OutboxEntry[] {
  const store = new JsonFileStore(path);
  const { records } = store.journal('entries').read();
  return replayJournal(store.get<OutboxEntry[]>('entries') ?? [], records, 0).entries;
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { quarantineIfCorrupt } from '../../../src/core/stores/guard';
import { JsonFileStore, StoreWriteError } from '../../../src/core/stores/json-file-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const at = Date.UTC(2026, 10, 24, 8, 0, 0, 0);

describe('JsonFileStore', () => {
  it('keeps values across reopening, as a plain JSON object on disk, leaving no temp files', () => {
    const path = join(dir, 'nested', 'outbox.json');
    const store = new JsonFileStore(path);
    store.set('version', 2);
    store.set('entries', [{ key: 'k1', note: '中文' }]);
    store.set('gone', true);
    store.delete('gone');

    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 2, entries: [{ key: 'k1', note: '中文' }] });
    const again = new JsonFileStore(path);
    expect(again.get('entries')).toEqual([{ key: 'k1', note: '中文' }]);
    expect(again.get('gone')).toBeUndefined();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['outbox.json']);
  });

  it('hands out copies: changing a value read or written does not change the store', () => {
    const store = new JsonFileStore(join(dir, 's.json'));
    const value = { list: [1] };
    store.set('a', value);
    value.list.push(2);
    store.get<{ list: number[] }>('a')!.list.push(3);
    expect(store.get('a')).toEqual({ list: [1] });
  });

  it('writes the same format conf (and so electron-store) reads, both ways', () => {
    const store = new JsonFileStore(join(dir, 'outbox.json'));
    store.set('entries', [{ key: 'k1' }]);
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'outbox' });
    expect(conf.get('entries')).toEqual([{ key: 'k1' }]);
    conf.set('version', 2);
    expect(new JsonFileStore(join(dir, 'outbox.json')).get('version')).toBe(2);
  });

  it("says where a damaged file stopped parsing, never what it holds (the parser's own message quotes the text)", () => {
    const path = join(dir, 'state.json');
    // A comment body or a secret-looking value in the damaged part must not reach a notice, a log line or the window.
    writeFileSync(path, 'hunter2-in-a-comment, not json at all');
    const store = new JsonFileStore(path, { now: () => at });
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]!.message).toContain('not valid JSON');
    expect(store.notices[0]!.message).not.toContain('hunter2');
    writeFileSync(path, '{"cursor:a": "secret-cursor-text" "x"}');
    const again = new JsonFileStore(path, { now: () => at + 1 });
    expect(again.notices[0]!.message).not.toContain('secret-cursor-text');
    expect(again.notices[0]!.message).toMatch(/position \d+/);
  });

  it('moves a corrupt file aside (bytes kept), reports it, and starts empty and writable', () => {
    const path = join(dir, 'outbox.json');
    const garbage = '{"entries": [ {"key": "k1", "sourc';
    writeFileSync(path, garbage);
    const seen: unknown[] = [];
    const store = new JsonFileStore(path, { now: () => at, onNotice: (n) => seen.push(n) });

    const aside = join(dir, 'outbox.json.corrupt-2026-11-24T08-00-00-000Z');
    expect(readFileSync(aside, 'utf8')).toBe(garbage);
    expect(store.notices).toEqual([
      { code: 'store_corrupt', message: expect.stringContaining('not valid JSON'), path: aside, original: path, movedAside: true },
    ]);
    expect(seen).toEqual(store.notices);
    expect(store.get('entries')).toBeUndefined();
    store.set('entries', []);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ entries: [] });
  });

  it('treats a non-object root and an empty file as corrupt too', () => {
    for (const [name, text] of [
      ['array.json', '[1,2]'],
      ['empty.json', ''],
      ['null.json', 'null'],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const store = new JsonFileStore(path, { now: () => at });
      expect(store.notices.map((n) => n.code)).toEqual(['store_corrupt']);
      expect(readFileSync(store.notices[0]!.path!, 'utf8')).toBe(text);
    }
  });

  it('says nothing about a missing file (first run) or a good one', () => {
    expect(new JsonFileStore(join(dir, 'new.json')).notices).toEqual([]);
    writeFileSync(join(dir, 'good.json'), '{"a":1}');
    const good = new JsonFileStore(join(dir, 'good.json'));
    expect(good.notices).toEqual([]);
    expect(good.get('a')).toBe(1);
  });

  it('removes temp files left by a process that died mid-write, and leaves a live one alone', () => {
    const path = join(dir, 'outbox.json');
    writeFileSync(path, '{"a":1}');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${path}.${dead}-3.tmp`, '{"half');
    writeFileSync(`${path}.${process.ppid}-1.tmp`, '{"busy');
    const store = new JsonFileStore(path);
    expect(store.get('a')).toBe(1);
    expect(existsSync(`${path}.${dead}-3.tmp`)).toBe(false);
    expect(existsSync(`${path}.${process.ppid}-1.tmp`)).toBe(true);
  });

  it('rolls back and throws StoreWriteError when the file cannot be written, leaving no temp file', () => {
    const path = join(dir, 's.json');
    const store = new JsonFileStore(path);
    store.set('a', 1);
    // A non-empty directory where the file should be: the rename fails even for root.
    rmSync(path);
    mkdirSync(path);
    writeFileSync(join(path, 'x'), '');
    expect(() => store.set('a', 2)).toThrowError(StoreWriteError);
    expect(store.get('a')).toBe(1);
    expect(readdirSync(dir)).toEqual(['s.json']);
  });
});

describe('quarantineIfCorrupt (the guard the Electron shell calls before opening electron-store)', () => {
  it('returns null for a good or missing file and leaves it where it is', () => {
    writeFileSync(join(dir, 'ok.json'), '{}');
    expect(quarantineIfCorrupt(join(dir, 'ok.json'))).toBeNull();
    expect(quarantineIfCorrupt(join(dir, 'missing.json'))).toBeNull();
    expect(readdirSync(dir)).toEqual(['ok.json']);
  });

  it('never overwrites an earlier corrupt copy made in the same millisecond', () => {
    const path = join(dir, 'outbox.json');
    writeFileSync(path, 'first');
    const a = quarantineIfCorrupt(path, { now: () => at });
    writeFileSync(path, 'second');
    const b = quarantineIfCorrupt(path, { now: () => at });
    expect(a?.path).not.toBe(b?.path);
    expect(readFileSync(a!.path, 'utf8')).toBe('first');
    expect(readFileSync(b!.path, 'utf8')).toBe('second');
    expect(existsSync(path)).toBe(false);
  });
});

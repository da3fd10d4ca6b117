/**
 * A `--sources` file holds tokens, passwords and end-to-end keys. When it is not JSON — a damaged edit, or a key or
 * password file given to --sources by mistake — `herald subscribe` says so as a usage mistake (English or Chinese)
 * and never repeats what the file holds: JSON.parse's own message quotes the text around the mistake. Real child
 * processes and real files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald } from '../support/cli-process';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-sources-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sourcesFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

const subscribe = (file: string, env: Record<string, string> = {}) => runHerald(['subscribe', '--sources', file, '--data-dir', join(dir, 'data')], env);

describe('a --sources file that is not JSON', () => {
  it('a topic password file given to --sources by mistake: a usage mistake that does not repeat the password', async () => {
    const r = await subscribe(sourcesFile('topic-password.txt', 'hunter2-topic\n'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('topic-password.txt');
    expect(r.err).toMatch(/not JSON/);
    expect(r.err).not.toContain('hunter2');
  });

  it('a damaged sources file: says where (line and column), never what is there; in Chinese under a zh LANG', async () => {
    // A comma missing after the password, and a key written without quotes.
    const missingComma = sourcesFile('comma.json', '[\n  { "url": "http://127.0.0.1:1", "kind": "ntfy", "channels": ["t"],\n    "e2eKeys": ["s3cret-topic-pw"] "id": "x" }\n]\n');
    const r = await subscribe(missingComma);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not JSON \(line 3, column 36\)/);
    expect(r.err).not.toContain('s3cret');
    const zh = await subscribe(missingComma, { LANG: 'zh_CN.UTF-8' });
    expect(zh.err).toMatch(/不是 JSON（第 3 行第 36 列）/);
    expect(zh.err).not.toContain('s3cret');

    const unquoted = await subscribe(sourcesFile('unquoted.json', '[{ "url": "http://127.0.0.1:1", "e2eKeys": [s3cret-topic-pw] }]'));
    expect(unquoted.code).toBe(2);
    expect(unquoted.err).toMatch(/not JSON/);
    expect(unquoted.err).not.toContain('s3cret');
  });
});

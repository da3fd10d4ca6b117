/**
 * Where the CLI takes end-to-end keys from: --key-file (one a line), HERALD_KEY, or a source's `e2eKeys` in
 * --sources. Herald/Nchan keys are checked at once (a usage mistake in the reader's language, never repeating the
 * key); ntfy topic passwords are taken as written.
 */
import { sourcesFromFlags, sourceFromFlags } from '../../src/cli/source-flags';
import { UsageError } from '../../src/cli/io';
import { generateHeraldKey } from '../../src/core/e2e/keys';

const files = (map: Record<string, string>) => (p: string): string => {
  if (!(p in map)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return map[p]!;
};

describe('end-to-end keys from the command line', () => {
  it('a key file holds several keys, one a line (blank lines and spaces ignored); HERALD_KEY holds one', () => {
    const [a, b] = [generateHeraldKey(), generateHeraldKey()];
    expect(sourceFromFlags({ server: 'http://127.0.0.1:1', 'key-file': 'k' }, {}, files({ k: `  ${a}\n\n${b}\r\n` })).e2eKeys).toEqual([a, b]);
    expect(sourceFromFlags({ server: 'http://127.0.0.1:1' }, { HERALD_KEY: a }).e2eKeys).toEqual([a]);
    expect(sourceFromFlags({ server: 'http://127.0.0.1:1' }, {}).e2eKeys).toBeUndefined();
  });

  it('an ntfy topic password is taken as written, spaces included', () => {
    const config = sourceFromFlags({ server: 'http://127.0.0.1:1', source: 'ntfy', channel: ['t'], 'key-file': 'pw' }, {}, files({ pw: ' two words \n' }));
    expect(config.e2eKeys).toEqual([' two words ']);
  });

  it('a damaged or foreign key is a usage mistake, in Chinese under a zh LANG, without the key in it', () => {
    const key = generateHeraldKey();
    const damaged = `${key.slice(0, -1)}${key.endsWith('A') ? 'Q' : 'A'}`;
    const run = (text: string, env: Record<string, string> = {}) => () => sourceFromFlags({ server: 'http://127.0.0.1:1', 'key-file': 'k' }, env, files({ k: text }));
    expect(run(damaged)).toThrow(/key 1 .*damaged/);
    expect(run(`${key}\nnot-a-key-secret`)).toThrow(/key 2 .*herald keygen/);
    expect(run('not-a-key-secret', { LANG: 'zh_CN.UTF-8' })).toThrow(/第 1 个密钥/);
    try {
      run(`not-a-key-secret`)();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).not.toContain('not-a-key-secret');
    }
    expect(() => sourceFromFlags({ server: 'http://127.0.0.1:1', 'key-file': 'missing' }, {}, files({}))).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('--sources: each source may carry its own e2eKeys', () => {
    const key = generateHeraldKey();
    const list = JSON.stringify([
      { kind: 'herald', url: 'http://127.0.0.1:1', e2eKeys: [key] },
      { kind: 'ntfy', url: 'http://127.0.0.1:2', channels: ['t'], e2eKeys: ['topic password'] },
      { kind: 'herald', url: 'http://127.0.0.1:3', id: 'plain' },
    ]);
    const configs = sourcesFromFlags({ sources: 's.json' }, {}, files({ 's.json': list }));
    expect(configs.map((c) => c.e2eKeys)).toEqual([[key], ['topic password'], undefined]);
  });
});

/**
 * `--key-file FILE` and `HERALD_KEY`: a source's end-to-end keys (SourceConfig.e2eKeys), for subscribe and publish
 * alike. One key a line (blank lines and surrounding spaces ignored); the first is the one `publish --encrypt` uses.
 * For ntfy a key is the topic password; for Herald and Nchan, a key string from `herald keygen`, checked here so a
 * mistyped key is a usage mistake at once rather than every message shown as undecryptable.
 */
import type { UiLanguage } from '../shared/language';
import type { SourceKind } from '../core/source';
import { parseKeyString } from '../core/e2e/keys';
import { statSync } from 'node:fs';
import { cliLanguage, UsageError, type CliIO } from './io';
import { keyWords } from './key-words';
import { warningLine } from './cli-words';
import { usageError } from './usage-words';

export const KEY_FLAGS = { 'key-file': { type: 'string' } } as const;

export const KEY_HELP: Record<UiLanguage, string> = {
  en: `  --key-file FILE     end-to-end keys, one a line (or HERALD_KEY): for ntfy, the topic password; for Herald and
                      Nchan, keys printed by \`herald keygen\` (the first one encrypts; all are tried to decrypt)`,
  'zh-CN': `  --key-file FILE     端到端密钥，每行一个（或 HERALD_KEY）：ntfy 用主题密码；Herald 与 Nchan 用
                      \`herald keygen\` 打印的密钥（第一个用于加密；解密时逐个尝试）`,
};

export function keysFromFlags(
  values: { 'key-file'?: string | undefined },
  env: Record<string, string | undefined>,
  kind: SourceKind,
  read?: (path: string) => string,
): string[] | undefined {
  const words = keyWords(cliLanguage(env));
  const file = values['key-file'];
  let text: string | undefined;
  if (file !== undefined) {
    if (!read) throw usageError('fileFlagNotHere', '--key-file');
    try {
      text = read(file);
    } catch (err) {
      throw new UsageError(words.unreadable(file, (err as NodeJS.ErrnoException).code ?? 'error'));
    }
  } else text = env.HERALD_KEY;
  if (text === undefined) return undefined;
  const keys = text
    .split(/\r?\n/)
    .map((l) => (kind === 'ntfy' ? l.replace(/\r$/, '') : l.trim()))
    .filter((l) => l.trim() !== '');
  if (keys.length === 0) throw new UsageError(words.empty);
  if (kind !== 'ntfy') {
    for (const [i, k] of keys.entries()) {
      const parsed = parseKeyString(k);
      if ('error' in parsed) throw new UsageError(words.keyAt(i + 1, words.key[parsed.error]));
    }
  }
  return keys;
}

/**
 * A key file that the group or others may read hands its keys to every account on the machine (as ssh refuses for
 * its private keys): say so on stderr and go on — the file is the user's to fix. POSIX modes only (Windows has ACLs).
 */
export function warnOpenKeyFile(values: { 'key-file'?: string | undefined }, io: CliIO, platform: NodeJS.Platform = process.platform): void {
  const file = values['key-file'];
  if (file === undefined || platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return; // Reading it says why, in words (keysFromFlags).
  }
  if ((mode & 0o077) !== 0) io.err(warningLine(keyWords(cliLanguage(io.env)).readableByOthers(file), cliLanguage(io.env)));
}

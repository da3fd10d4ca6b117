/**
 * What the CLI says about end-to-end keys (issue 22), in English and Chinese (the language from LANG, by the shared
 * rule): a key file that cannot be used, `--encrypt` without a key, and the stderr line `herald subscribe` prints for
 * a message it could not open. A key is never repeated in any of them: it is a secret.
 */
import type { SealedState } from '../shared/events';
import type { UiLanguage } from '../shared/language';
import type { KeyStringError } from '../core/e2e/keys';

const WORDS = {
  en: {
    unreadable: (file: string, code: string) => `--key-file ${file}: cannot be read (${code})`,
    empty: 'the key file (or HERALD_KEY) holds no key',
    readableByOthers: (file: string) => `--key-file ${file} can be read by other users of this machine, and so can its keys; make it yours alone (chmod 600)`,
    key: { key_malformed: 'is not a key printed by `herald keygen` (hk1.…)', key_check_failed: 'is damaged (its check does not match: a character changed in copying)' } satisfies Record<KeyStringError, string>,
    keyAt: (n: number, why: string) => `key ${n} of the key file (or HERALD_KEY) ${why}`,
    noKey: '--encrypt needs a key: give --key-file FILE or HERALD_KEY (for ntfy, the topic password; otherwise a key from `herald keygen`)',
    onlyNotifications: '--encrypt: only notifications are encrypted (--type notification)',
    titleRequired: '--encrypt: a Herald notification needs a --title (the server cannot check what it cannot read)',
    passphrase: 'Passphrase: ',
    again: 'The same passphrase again: ',
    mismatch: 'the two passphrases differ; nothing was made',
    tooShort: 'a passphrase needs at least 8 characters (several words are better)',
    passphraseUse: 'In a key file, write this line, one space, then the passphrase.',
    sealed: {
      no_key: (id: string) => `an encrypted message (${id}) was not shown: no key for this source (give --key-file or HERALD_KEY)`,
      undecryptable: (id: string) => `an encrypted message (${id}) could not be decrypted with the keys given (a wrong key, or the message was changed)`,
    } satisfies Record<SealedState, (id: string) => string>,
  },
  'zh-CN': {
    unreadable: (file: string, code: string) => `--key-file ${file}：无法读取（${code}）`,
    empty: '密钥文件（或 HERALD_KEY）中没有密钥',
    readableByOthers: (file: string) => `--key-file ${file} 可被本机其他用户读取，其中的密钥也一样；请只让自己可读（chmod 600）`,
    key: { key_malformed: '不是 `herald keygen` 生成的密钥（hk1.…）', key_check_failed: '已损坏（校验不符：复制时有字符被改动）' } satisfies Record<KeyStringError, string>,
    keyAt: (n: number, why: string) => `密钥文件（或 HERALD_KEY）中的第 ${n} 个密钥${why}`,
    noKey: '--encrypt 需要密钥：请用 --key-file FILE 或 HERALD_KEY 提供（ntfy 为主题密码，其他为 `herald keygen` 生成的密钥）',
    onlyNotifications: '--encrypt：只有通知可以加密（--type notification）',
    titleRequired: '--encrypt：Herald 通知需要 --title（服务器无法检查它读不到的内容）',
    passphrase: '口令：',
    again: '再次输入同一口令：',
    mismatch: '两次输入的口令不同；未生成任何密钥',
    tooShort: '口令至少需要 8 个字符（几个词更好）',
    passphraseUse: '在密钥文件中写入这一行，加一个空格，再写口令。',
    sealed: {
      no_key: (id: string) => `一条加密消息（${id}）未显示：此来源没有密钥（请用 --key-file 或 HERALD_KEY 提供）`,
      undecryptable: (id: string) => `一条加密消息（${id}）无法用所给密钥解密（密钥错误，或消息已被改动）`,
    } satisfies Record<SealedState, (id: string) => string>,
  },
} as const;

export function keyWords(lang: UiLanguage): (typeof WORDS)[UiLanguage] {
  return WORDS[lang];
}

/** The stderr line for a notification Herald could not open. */
export function sealedLine(state: SealedState, eventId: string, lang: UiLanguage): string {
  return `herald subscribe: ${WORDS[lang].sealed[state](eventId)}`;
}

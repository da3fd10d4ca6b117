import type { UiLanguage } from '../../shared/language';
import { generateHeraldKey, generatePassphraseKey } from '../../core/e2e/keys';
import { parse } from '../args';
import { cliLanguage, UsageError, type CliIO } from '../io';
import { keyWords } from '../key-words';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald keygen [--passphrase]

Prints a new random end-to-end key (256 bits) as one line: hk1.<key id>.<key>. Share it with the people who should
read the messages, out of band (not through the notification server), and keep it like a password. Use it with
\`herald publish --encrypt --key-file FILE\` and \`herald subscribe --key-file FILE\` (or HERALD_KEY), or paste it
into the app's source settings. To rotate, put the new key first in the key file and keep the old one below it:
new messages use the new key, old ones stay readable.

  --passphrase        derive the key from a passphrase instead (asked for twice in a terminal, else the first line
                      of stdin), with scrypt (32 MiB, about 0.1 s). Prints hkp1.<key id>.<scrypt parameters>.<salt>:
                      not secret by itself. A key file line is that string, one space, and the passphrase.

For an ntfy topic there is nothing to generate: its key is the topic password (ntfy's scheme).`,
  'zh-CN': `用法：herald keygen [--passphrase]

打印一个新的随机端到端密钥（256 位），占一行：hk1.<key id>.<key>。通过带外方式（不经过通知服务器）
分享给应当能阅读这些消息的人，并像密码一样保管。配合
\`herald publish --encrypt --key-file FILE\` 和 \`herald subscribe --key-file FILE\`（或 HERALD_KEY）使用，或粘贴到
应用的来源设置中。轮换密钥时，把新密钥放在密钥文件的第一行，旧密钥留在其下：
新消息用新密钥，旧消息仍可阅读。

  --passphrase        改为从口令派生密钥（在终端中询问两次，否则读取 stdin 的第一行），
                      使用 scrypt（32 MiB，约 0.1 秒）。打印 hkp1.<key id>.<scrypt parameters>.<salt>：
                      它本身并不保密。密钥文件中的一行就是这个字符串、一个空格和口令。

ntfy 主题无需生成任何东西：它的密钥就是主题密码（ntfy 的方案）。`,
};

/** The first line of stdin (a pipe or a file): how a script hands over a passphrase without it showing in \`ps\`. */
async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export async function keygen(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { passphrase: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return 0;
  }
  if (!values.passphrase) {
    io.out(generateHeraldKey());
    return 0;
  }
  const words = keyWords(cliLanguage(io.env));
  let passphrase: string;
  if (io.promptSecret) {
    passphrase = await io.promptSecret(words.passphrase);
    if ((await io.promptSecret(words.again)) !== passphrase) throw new UsageError(words.mismatch);
  } else passphrase = await firstLineOfStdin();
  if (passphrase.trim().length < 8) throw new UsageError(words.tooShort);
  io.out(generatePassphraseKey(passphrase.trim()));
  io.err(words.passphraseUse);
  return 0;
}

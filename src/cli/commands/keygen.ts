import { generateHeraldKey, generatePassphraseKey } from '../../core/e2e/keys';
import { parse } from '../args';
import { cliLanguage, UsageError, type CliIO } from '../io';
import { keyWords } from '../key-words';

const HELP = `Usage: herald keygen [--passphrase]

Prints a new random end-to-end key (256 bits) as one line: hk1.<key id>.<key>. Share it with the people who should
read the messages, out of band (not through the notification server), and keep it like a password. Use it with
\`herald publish --encrypt --key-file FILE\` and \`herald subscribe --key-file FILE\` (or HERALD_KEY), or paste it
into the app's source settings. To rotate, put the new key first in the key file and keep the old one below it:
new messages use the new key, old ones stay readable.

  --passphrase        derive the key from a passphrase instead (asked for twice in a terminal, else the first line
                      of stdin), with scrypt (32 MiB, about 0.1 s). Prints hkp1.<key id>.<scrypt parameters>.<salt>:
                      not secret by itself. A key file line is that string, one space, and the passphrase.

For an ntfy topic there is nothing to generate: its key is the topic password (ntfy's scheme).`;

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
    io.out(HELP);
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

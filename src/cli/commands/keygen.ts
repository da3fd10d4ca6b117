import { generateHeraldKey } from '../../core/e2e/keys';
import { parse } from '../args';
import type { CliIO } from '../io';

const HELP = `Usage: herald keygen

Prints a new random end-to-end key (256 bits) as one line: hk1.<key id>.<key>. Share it with the people who should
read the messages, out of band (not through the notification server), and keep it like a password. Use it with
\`herald publish --encrypt --key-file FILE\` and \`herald subscribe --key-file FILE\` (or HERALD_KEY), or paste it
into the app's source settings. To rotate, put the new key first in the key file and keep the old one below it:
new messages use the new key, old ones stay readable.

For an ntfy topic there is nothing to generate: its key is the topic password (ntfy's scheme).`;

export async function keygen(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  io.out(generateHeraldKey());
  return 0;
}

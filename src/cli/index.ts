/**
 * `herald` — the command line. Runs the same connection core as the app, without a display.
 *   herald serve      run the reference server (optionally with the demo feed)
 *   herald publish    publish one message to a Herald, ntfy or Nchan server
 *   herald subscribe  print events as they arrive (resumes across runs)
 *   herald act        queue a user action in the outbox
 *   herald outbox     list queued and failed actions
 *   herald doctor     check whether a server can be reached and received from, through this network
 *   herald keygen     print a new end-to-end key
 */
// The version is package.json's (the build keeps only this field of it), so a release bump cannot miss the CLI.
import { version } from '../../package.json';
import { CliFailure, cliLanguage, processIO, UsageError, type CliIO } from './io';
import { unknownCommandLine, usageLines } from './usage-words';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'run the reference server (and demo feed)', load: async () => (await import('./commands/serve')).serve },
  publish: { summary: 'publish one message to a Herald, ntfy or Nchan server', load: async () => (await import('./commands/publish')).publish },
  subscribe: { summary: 'print events as they arrive; resumes where it left off', load: async () => (await import('./commands/subscribe')).subscribe },
  act: { summary: 'queue a user action (like, unlike, comment, read) in the outbox', load: async () => (await import('./commands/act')).act },
  outbox: { summary: 'list actions waiting to be sent, or failed', load: async () => (await import('./commands/outbox')).outbox },
  keygen: { summary: 'print a new end-to-end encryption key', load: async () => (await import('./commands/keygen')).keygen },
  doctor: { summary: 'check the connection to a server: network, TLS, credentials, transports, clock', load: async () => (await import('./commands/doctor')).doctor },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: herald <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `herald <command> --help` for a command\'s options.',
    'Examples:',
    '  herald serve --demo',
    '  herald publish --server http://127.0.0.1:8787 --title "Build passed" --body "#231 is green"',
    '  herald publish --source ntfy --server https://ntfy.example.com --channel builds --title "Build passed" --tag ci',
    '  herald subscribe --server http://127.0.0.1:8787 --json --data-dir ~/.herald-cli',
    '  herald doctor --server https://ntfy.example.com --source ntfy --channel alerts',
    '  herald keygen > key && herald publish --server http://127.0.0.1:8787 --encrypt --key-file key --title "Secret"',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`herald ${version}`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`${unknownCommandLine(name, cliLanguage(io.env))}\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(usageLines(name, err, cliLanguage(io.env)));
      return 2;
    }
    if (err instanceof CliFailure) {
      io.err(`herald ${name}: ${err.message}`);
      return err.status;
    }
    io.err(`herald ${name}: ${(err as Error).message}`);
    return 1;
  }
}

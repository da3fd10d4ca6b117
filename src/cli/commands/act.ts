import { readFileSync } from 'node:fs';
import { validateAction, type Action } from '../../shared/actions';
import { Outbox } from '../../core/outbox/outbox';
import { parse } from '../args';
import { openDataDir } from '../data-dir';
import { UsageError, type CliIO } from '../io';
import { SOURCE_FLAGS, SOURCE_HELP, sourceFromFlags } from '../source-flags';

const HELP = `Usage: herald act <like|unlike|comment|read|read-all> [options]

Queue a user action in the outbox kept in --data-dir. It is written to disk at once with its idempotency key and sent,
exactly once, the next time \`herald subscribe\` (with the same --server and --data-dir) is connected.
  --item ID           the item (like, unlike, comment, read)
  --body TEXT         the comment's text
  --author NAME       who writes the comment
  --up-to ID          read-all: mark everything up to this event id read (default: everything)
${SOURCE_HELP}
  --data-dir DIR      default .herald-data
  --json              print the queued entry as JSON`;

const VERBS = { like: 'like', unlike: 'unlike', comment: 'comment', read: 'mark_read', 'read-all': 'mark_all_read' } as const;

export async function act(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...SOURCE_FLAGS,
      item: { type: 'string' },
      body: { type: 'string' },
      author: { type: 'string' },
      'up-to': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const verb = positionals[0];
  if (positionals.length !== 1 || verb === undefined || !(verb in VERBS)) {
    throw new UsageError(`say what to do: one of ${Object.keys(VERBS).join(', ')}`);
  }
  const source = sourceFromFlags(values, io.env, (p) => readFileSync(p, 'utf8'));
  const candidate: Record<string, unknown> = { type: VERBS[verb as keyof typeof VERBS] };
  if (values.item !== undefined) candidate.itemId = values.item;
  if (values.body !== undefined) candidate.body = values.body;
  if (values.author !== undefined) candidate.author = values.author;
  if (values['up-to'] !== undefined) candidate.upTo = values['up-to'];
  const checked = validateAction(candidate);
  if (!checked.ok) throw new UsageError(checked.message);
  const action: Action = checked.action;

  const data = openDataDir(values['data-dir'] ?? '.herald-data');
  for (const n of data.notices) io.err(`warning: ${n.message}${n.path ? ` (kept at ${n.path})` : ''}`);
  // Queue only: nothing is sent from here (the send function is never reached while the source is offline).
  const outbox = new Outbox({
    store: data.outbox,
    send: () => Promise.resolve({ ok: false, status: 0, body: null }),
  });
  try {
    const entry = outbox.enqueue(source.id, action);
    io.out(values.json ? JSON.stringify(entry) : `queued ${verb} (${entry.key}) for ${source.url}; \`herald subscribe\` will send it`);
  } finally {
    outbox.dispose();
    data.close();
  }
  return 0;
}

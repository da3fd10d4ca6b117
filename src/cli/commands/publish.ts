import { intOption, oneOf, parse, urlOption } from '../args';
import type { CliIO } from '../io';
import { authHeaders } from '../../core/auth-headers';
import { describeHttpError } from '../http';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';

const HELP = `Usage: herald publish --server URL [options]

Publish one event; prints the new event's id.
  --server URL        the Herald server (e.g. http://127.0.0.1:8787)
  --type TYPE         notification (default) | system | new_comment | like_update
  --title TEXT        the title (notification, system)
  --body TEXT         the text (or the comment for new_comment)
  --priority 1-5      default 3; 5 is urgent
  --url URL           a link to open from the notification
  --tag TAG           a tag (repeatable)
  --level LEVEL       system messages: info | warning | critical
  --item ID           new_comment / like_update: the item they belong to
  --author NAME       new_comment: who wrote it
  --token TOKEN       bearer token (or HERALD_TOKEN)
${LOG_HELP}`;

export async function publish(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    server: { type: 'string' },
    type: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    priority: { type: 'string' },
    url: { type: 'string' },
    tag: { type: 'string', multiple: true },
    level: { type: 'string' },
    item: { type: 'string' },
    author: { type: 'string' },
    token: { type: 'string' },
    ...LOG_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const server = urlOption(values.server ?? io.env.HERALD_SERVER, 'server');
  const type = oneOf(values.type, 'type', ['notification', 'system', 'new_comment', 'like_update'] as const, 'notification');
  const body: Record<string, unknown> = { type };
  if (values.title !== undefined) body.title = values.title;
  if (values.body !== undefined) body.body = values.body;
  const priority = intOption(values.priority, 'priority', 1, 5);
  if (priority !== undefined) body.priority = priority;
  if (values.url !== undefined) body.url = values.url;
  if (values.tag !== undefined) body.tags = values.tag;
  if (values.level !== undefined) body.level = oneOf(values.level, 'level', ['info', 'warning', 'critical'] as const, 'info');
  if (values.item !== undefined) body.itemId = values.item;
  if (values.author !== undefined) body.author = values.author;

  const log = openCliLog(values, io, 'publish');
  try {
    const headers = { 'content-type': 'application/json', ...authHeaders({ token: values.token ?? io.env.HERALD_TOKEN }) };
    log.logger.debug('POST', { url: `${server}/publish`, headers, body });
    const res = await fetch(`${server}/publish`, { method: 'POST', headers, body: JSON.stringify(body) }).catch((err: unknown) => {
      log.logger.warn('request failed', { url: `${server}/publish`, error: err });
      throw new Error(`cannot reach ${server}: ${(err as Error).cause ?? (err as Error).message}`);
    });
    if (!res.ok) {
      const why = await describeHttpError(res);
      log.logger.warn('refused', { status: res.status, why });
      io.err(`herald publish: ${why}`);
      return 1;
    }
    const answer = (await res.json()) as { id?: string };
    log.logger.info('published', { id: answer.id });
    io.out(String(answer.id));
    return 0;
  } finally {
    log.close();
  }
}

import { startServer } from '../../server/index';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { numberOption, intOption, parse } from '../args';
import { UsageError, type CliIO } from '../io';

const HELP = `Usage: herald serve [options]

Run the Herald reference server. Prints the URL it listens on; Ctrl-C stops it.
  --host HOST         default 127.0.0.1 (the server is meant for this machine unless you give a token)
  --port N            default 8787; 0 picks a free port
  --demo              publish a realistic demo feed (中文 and English) every few seconds
  --keepalive S       seconds between SSE keepalive comments (default 15)
  --data-dir DIR      keep events, likes, comments and idempotency keys here across restarts
  --redis URL         keep them in Redis instead (redis://HOST:PORT/DB): every server started with the same
                      URL (and namespace) is the same server to clients, so several can run behind one address
  --redis-namespace NAME
                      the prefix of this server's Redis keys (default herald): one log per namespace
  --token TOKEN       require "Authorization: Bearer TOKEN" (or HERALD_TOKEN)
  --test-hooks        enable the /_test/* fault-injection endpoints (tests only)
${LOG_HELP}`;

export async function serve(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    demo: { type: 'boolean' },
    keepalive: { type: 'string' },
    'data-dir': { type: 'string' },
    redis: { type: 'string' },
    'redis-namespace': { type: 'string' },
    token: { type: 'string' },
    'test-hooks': { type: 'boolean' },
    ...LOG_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  const token = values.token ?? io.env.HERALD_TOKEN;
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  if (!loopback && !token) io.err(`warning: listening on ${host} without --token: anyone who can reach it can publish`);
  const log = openCliLog(values, io, 'server');
  const options: Parameters<typeof startServer>[0] = {
    host,
    port: intOption(values.port, 'port', 0, 65535) ?? 8787,
    demo: values.demo ?? false,
    testHooks: values['test-hooks'] ?? false,
    logger: log.logger,
  };
  const keepalive = numberOption(values.keepalive, 'keepalive', 0.05, 3600);
  if (keepalive !== undefined) options.keepaliveSeconds = keepalive;
  if (values['data-dir'] && values.redis) {
    throw new UsageError('give either --data-dir or --redis, not both (with --redis, Redis keeps everything)');
  }
  if (values['data-dir']) options.dataDir = values['data-dir'];
  if (values.redis) options.redisUrl = values.redis;
  if (values['redis-namespace']) options.redisNamespace = values['redis-namespace'];
  if (token) options.token = token;

  const server = await startServer(options);
  io.out(`Herald server listening on ${server.url}${values.demo ? ' (demo feed on)' : ''}`);
  await io.interrupted;
  await server.close();
  log.close();
  io.err('stopped');
  return 0;
}

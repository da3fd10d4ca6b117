import { ServerStartError, startServer } from '../../server/index';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { numberOption, intOption, parse } from '../args';
import { cliLanguage, type CliIO } from '../io';
import { listeningLine, noTokenLine, SERVE_EXIT, startFailure, stoppedLine } from '../serve-words';
import { usageError } from '../usage-words';

const HELP = `Usage: herald serve [options]

Run the Herald reference server. Prints the URL it listens on; Ctrl-C stops it.
  --host HOST         default 127.0.0.1 (the server is meant for this machine unless you give a token)
  --port N            default 8787; 0 picks a free port
  --demo              publish a realistic demo feed (中文 and English) every few seconds
  --keepalive S       seconds between SSE keepalive comments (default 15)
  --data-dir DIR      keep events, likes, comments and idempotency keys here across restarts
  --redis URL         keep them in Redis instead (redis://HOST:PORT/DB, or HERALD_REDIS_URL, which keeps a
                      password out of \`ps\`): every server started with the same Redis and namespace is the same
                      server to clients, so several can run behind one address (README, "Running the server")
  --redis-namespace NAME
                      the prefix of this server's Redis keys (default herald): one log per namespace
  --token TOKEN       require "Authorization: Bearer TOKEN" (or HERALD_TOKEN)
  --test-hooks        enable the /_test/* fault-injection endpoints (tests only)
${LOG_HELP}

Exit status:
  ${SERVE_EXIT.stopped} stopped (Ctrl-C or SIGTERM)
  ${SERVE_EXIT.failed} could not start: the address is in use or not allowed, or Redis cannot be reached
  ${SERVE_EXIT.usage} a usage mistake
  ${SERVE_EXIT.dataDir} the data directory cannot be created or written`;

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
  const lang = cliLanguage(io.env);
  if (!loopback && !token) io.err(noTokenLine(host, lang));
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
  const redisUrl = values.redis ?? io.env.HERALD_REDIS_URL;
  if (values['data-dir'] && redisUrl) {
    throw usageError('storesBoth');
  }
  if (values['data-dir']) options.dataDir = values['data-dir'];
  if (redisUrl) options.redisUrl = redisUrl;
  if (values['redis-namespace']) options.redisNamespace = values['redis-namespace'];
  if (token) options.token = token;

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(options);
  } catch (err) {
    if (!(err instanceof ServerStartError)) throw err;
    log.close();
    const { line, status } = startFailure(err, lang);
    io.err(line);
    return status;
  }
  io.out(listeningLine(server.url, values.demo ?? false, redisUrl !== undefined, lang));
  await io.interrupted;
  await server.close();
  log.close();
  io.err(stoppedLine(lang));
  return SERVE_EXIT.stopped;
}

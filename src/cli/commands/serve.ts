import type { UiLanguage } from '../../shared/language';
import { ServerStartError, startServer } from '../../server/index';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { numberOption, intOption, parse } from '../args';
import { cliLanguage, type CliIO } from '../io';
import { listeningLine, noTokenLine, SERVE_EXIT, startFailure, stoppedLine } from '../serve-words';
import { usageError } from '../usage-words';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald serve [options]

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
${LOG_HELP.en}

Exit status:
  ${SERVE_EXIT.stopped} stopped (Ctrl-C or SIGTERM)
  ${SERVE_EXIT.failed} could not start: the address is in use or not allowed, or Redis cannot be reached
  ${SERVE_EXIT.usage} a usage mistake
  ${SERVE_EXIT.dataDir} the data directory cannot be created or written`,
  'zh-CN': `用法：herald serve [options]

运行 Herald 参考服务器。打印它监听的 URL；按 Ctrl-C 停止。
  --host HOST         默认 127.0.0.1（除非给出令牌，服务器只供本机使用）
  --port N            默认 8787；0 表示任选一个空闲端口
  --demo              每隔几秒发布一条逼真的演示消息（中文和英文）
  --keepalive S       SSE 保活注释之间的秒数（默认 15）
  --data-dir DIR      把事件、点赞、评论和幂等键保存在这里，重启后仍在
  --redis URL         改为保存在 Redis 中（redis://HOST:PORT/DB，或用 HERALD_REDIS_URL，这样密码不会出现在
                      \`ps\` 中）：使用同一 Redis 和命名空间启动的每个服务器，对客户端来说都是同一个服务器，
                      因此可以在同一地址后面运行多个（见 README 的 "Running the server"）
  --redis-namespace NAME
                      本服务器 Redis 键的前缀（默认 herald）：每个命名空间一份日志
  --token TOKEN       要求 "Authorization: Bearer TOKEN"（或 HERALD_TOKEN）
  --test-hooks        启用 /_test/* 故障注入端点（仅供测试）
${LOG_HELP['zh-CN']}

退出状态：
  ${SERVE_EXIT.stopped} 已停止（Ctrl-C 或 SIGTERM）
  ${SERVE_EXIT.failed} 无法启动：地址已被占用或不允许使用，或连不上 Redis
  ${SERVE_EXIT.usage} 用法错误
  ${SERVE_EXIT.dataDir} 无法创建或写入数据目录`,
};

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
    io.out(HELP[cliLanguage(io.env)]);
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

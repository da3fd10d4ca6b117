/**
 * The window's log lines (`herald:log`) through the real typed ipcMain with the Electron fake: our page's lines reach
 * the app log, redacted, with their level; a foreign frame is refused before anything is written; bad arguments are
 * refused; a long line is cut; a flood is capped per minute, with one line saying how many were dropped.
 */
import { APP_ENTRY_URL } from '../../../src/main/app-origin';
import { createLogger } from '../../../src/core/base/log';
import { createRendererLog, RENDERER_LOG_PER_MINUTE } from '../../../src/main/ipc/renderer-log';
import { RENDERER_LOG_MAX_LENGTH } from '../../../src/shared/ipc-contract';
import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { createTypedIpcMain } = await import('../../../src/main/ipc/ipc-main');
const { invokeHandler } = await import('../../../src/main/ipc/handlers');

const frame = (url: string) => ({ senderFrame: { url }, sender: {} });

describe('herald:log', () => {
  let lines: string[];
  let now: number;
  let dispose: () => void;
  beforeEach(() => {
    resetElectron();
    lines = [];
    now = 0;
    const logger = createLogger('herald', 'debug', (level, scope, msg) => void lines.push(`${level} ${scope}: ${msg}`));
    const write = createRendererLog({ logger, now: () => now });
    const ipc = createTypedIpcMain({ page: {} });
    // Only this channel's handler: the rest of the handlers are covered elsewhere.
    ipc.handle('herald:log', (args) => invokeHandler({ 'herald:log': async (level: unknown, message: unknown) => write(level, message) } as never, 'herald:log', args));
    dispose = () => ipc.dispose();
  });
  afterEach(() => dispose());
  const send = (url: string, ...args: unknown[]) => fake.ipcHandlers.get('herald:log')!(frame(url), ...args);

  it("writes our page's line with its level, redacted", async () => {
    expect(await send(APP_ENTRY_URL, 'error', 'render failed at https://bob:hunter2hunter2@ntfy.example/x')).toEqual({ ok: true, value: undefined });
    expect(lines).toEqual(['error herald.renderer: render failed at https://[redacted]@ntfy.example/x']);
  });

  it('refuses a foreign frame before anything is written', async () => {
    expect(await send('https://evil.example/', 'error', 'spoofed')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(lines).toEqual([]);
  });

  it('refuses a level or message of the wrong kind, and cuts a long line', async () => {
    expect(await send(APP_ENTRY_URL, 'fatal', 'x')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await send(APP_ENTRY_URL, 'info', { toString: () => 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await send(APP_ENTRY_URL, 'info', 'a', 'b')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(lines).toEqual([]);
    await send(APP_ENTRY_URL, 'info', 'y'.repeat(RENDERER_LOG_MAX_LENGTH * 10));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(RENDERER_LOG_MAX_LENGTH + 100);
  });

  it('takes at most its share per minute, then says how many it dropped', async () => {
    for (let i = 0; i < RENDERER_LOG_PER_MINUTE * 3; i++) await send(APP_ENTRY_URL, 'warn', `line ${i}`);
    expect(lines).toHaveLength(RENDERER_LOG_PER_MINUTE);
    now += 60_000;
    await send(APP_ENTRY_URL, 'info', 'after');
    expect(lines.slice(-2)).toEqual([`warn herald.renderer: dropped ${RENDERER_LOG_PER_MINUTE * 2} window log lines (more than ${RENDERER_LOG_PER_MINUTE} a minute)`, 'info herald.renderer: after']);
  });
});

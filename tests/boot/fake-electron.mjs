// 'electron' for the boot test: the built app (out/main/index.js) runs in plain Node with the one recording fake
// (tests/support/electron-fake.mjs) in Electron's place. Here only what a separate process adds: every record is
// appended as one JSON line to $HERALD_BOOT_RECORD, the client's requests are recorded, and the test drives the
// app through stdin, one JSON command per line (invoke an IPC channel as a given frame, ask the app:// handler,
// click a notification or a tray menu item, quit). stdin closing (the test ending) ends the process.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { app, fake, Notification, record, Tray } from '../support/electron-fake.mjs';

export * from '../support/electron-fake.mjs';
export { default } from '../support/electron-fake.mjs';

const RECORD = process.env.HERALD_BOOT_RECORD;
const USER_DATA = process.env.HERALD_BOOT_USERDATA;
if (!RECORD || !USER_DATA) throw new Error('fake electron needs HERALD_BOOT_RECORD and HERALD_BOOT_USERDATA');

fake.sink = (entry) => appendFileSync(RECORD, JSON.stringify(entry) + '\n');
fake.exit = (code) => process.exit(code);
fake.userData = USER_DATA;
fake.appPath = process.cwd();
fake.packaged = process.env.HERALD_BOOT_PACKAGED === '1';

// The client's requests, as a network observer sees them (the boot test learns the demo server's token here).
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  record('fetch', { url: String(input instanceof Request ? input.url : input), authorization: headers.get('authorization') });
  return realFetch(input, init);
};

const commands = {
  invoke: async ({ channel, args = [], frameUrl }) => ({ result: await fake.invoke(channel, args, frameUrl) }),
  // Ask the app:// handler for a URL, as the renderer (or a hostile page inside it) would.
  async protocolGet({ url, method = 'GET' }) {
    if (!fake.appProtocol) return { error: 'no protocol handler' };
    const res = await fake.appProtocol.handler({ url, method, headers: new Headers() });
    const body = await res.text();
    return { result: { status: res.status, headers: Object.fromEntries(res.headers), body: body.slice(0, 4000) } };
  },
  async clickNotification({ title }) {
    const n = Notification.instances.find((x) => x.options.title === title);
    if (!n) return { error: `no notification titled ${title}` };
    n.emit('click');
    return { result: true };
  },
  async trayMenu({ item }) {
    const tray = Tray.instances.at(-1);
    if (!tray) return { error: 'no tray' };
    tray.clickMenu(item);
    return { result: true };
  },
  async quit() {
    setImmediate(() => app.quit());
    return { result: true };
  },
};
const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch {
    return;
  }
  const run = commands[cmd.cmd];
  const out = run ? await run(cmd).catch((err) => ({ error: String(err) })) : { error: `unknown command ${cmd.cmd}` };
  record('control.reply', { id: cmd.id, ...out });
});
// The test went away: so do we.
rl.on('close', () => {
  record('control.closed');
  process.exit(0);
});

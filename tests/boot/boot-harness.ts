/**
 * Start the BUILT main process (out/main/index.js) in a child Node with the recording fake Electron, and talk to it:
 * read what it recorded, send it commands over stdin (invoke IPC as a given frame, ask the app:// handler, click).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../helpers/wait';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'out/main/index.js');
const REGISTER = join(import.meta.dirname, 'register.mjs');

/** One call the app made, as the fake Electron records it. */
export type { Rec } from '../support/electron-fake.mjs';
import type { Rec } from '../support/electron-fake.mjs';

export class BootedApp {
  readonly dir = mkdtempSync(join(tmpdir(), 'herald-boot-'));
  readonly child: ChildProcess;
  stderr = '';
  exitCode: number | null = null;
  #nextId = 0;

  constructor(env: Record<string, string> = {}) {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: the boot test needs the built app. Run \`npx electron-vite build\` (npm test builds it first).`);
    }
    this.child = spawn(process.execPath, ['--import', REGISTER, MAIN], {
      cwd: ROOT,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: {
        ...process.env,
        HOME: this.dir,
        XDG_CONFIG_HOME: join(this.dir, 'config'),
        XDG_DATA_HOME: join(this.dir, 'data'),
        HERALD_BOOT_RECORD: join(this.dir, 'record.jsonl'),
        HERALD_BOOT_USERDATA: join(this.dir, 'userData'),
        HERALD_LOG: 'info',
        ELECTRON_RENDERER_URL: '',
        ...env,
      },
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.on('exit', (code) => (this.exitCode = code ?? -1));
  }

  /** Resolves once IPC and the tray are set up. */
  async started(): Promise<this> {
    await waitFor(() => this.last('ipcMain.handle') && this.records().some((r) => r.t === 'Tray.setContextMenu'), {
      timeoutMs: 15_000,
      message: 'the app to finish starting',
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- app stderr ---\n${this.stderr}`);
    });
    return this;
  }

  records(): Rec[] {
    try {
      return readFileSync(join(this.dir, 'record.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
    } catch {
      return [];
    }
  }
  all(t: string): Rec[] {
    return this.records().filter((r) => r.t === t);
  }
  last(t: string): Rec | undefined {
    return this.all(t).at(-1);
  }

  async command<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#nextId;
    this.child.stdin!.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    const reply = await waitFor(() => this.records().find((r) => r.t === 'control.reply' && r.id === id), { timeoutMs: 10_000, message: `reply to ${cmd}` });
    if (reply.error) throw new Error(String(reply.error));
    return reply.result as T;
  }

  stop(): void {
    if (this.exitCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A key file other users of the machine can read gives the key away like a password file would: every command that
 * reads one (`publish`, `subscribe`, `doctor`, `act`) warns on stderr (English or Chinese), naming the file and
 * never the key, and goes on; a key file only its owner can read gets no warning. Real child processes and files.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald } from '../support/cli-process';
import { freePort } from '../support/free-port';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-key-mode-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function keyFile(mode: number): Promise<{ file: string; key: string }> {
  const key = (await runHerald(['keygen'])).out.trim();
  const file = join(dir, `key-${mode.toString(8)}`);
  writeFileSync(file, `${key}\n`);
  chmodSync(file, mode);
  return { file, key };
}

describe.skipIf(process.platform === 'win32')('a key file others can read', () => {
  it('publish --encrypt warns, naming the file and not the key; a file only the owner reads gets no warning', async () => {
    // Nothing listens there: the publish fails after the key file was read, which is all this test needs.
    const server = `http://127.0.0.1:${await freePort()}`;
    const open = await keyFile(0o644);
    const shut = await keyFile(0o600);
    const publish = (file: string, env: Record<string, string> = {}) =>
      runHerald(['publish', '--server', server, '--encrypt', '--key-file', file, '--title', 't', '--body', 'b'], env);

    const warned = await publish(open.file);
    expect(warned.err).toMatch(/warning: .*key-644.* can be read by other users .*chmod 600/);
    expect(warned.err).not.toContain(open.key);
    expect(`${warned.out}${warned.err}`).not.toContain(open.key.split('.')[2]);

    const zh = await publish(open.file, { LANG: 'zh_CN.UTF-8' });
    expect(zh.err).toMatch(/警告.*key-644.*其他用户/);

    const quiet = await publish(shut.file);
    expect(quiet.err).not.toMatch(/other users/);
  });

  it('subscribe warns the same way', async () => {
    const server = `http://127.0.0.1:${await freePort()}`;
    const open = await keyFile(0o640);
    // A usage mistake found after the flags were read ends the run before any connection.
    const r = await runHerald(['subscribe', '--server', server, '--key-file', open.file, '--data-dir', join(dir, 'data'), '--transport', 'carrier-pigeon']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/warning: .*key-640.* can be read by other users/);
    expect(r.err).not.toContain(open.key);
  });

  it('doctor and act, which take the same source flags, warn the same way', async () => {
    const server = `http://127.0.0.1:${await freePort()}`;
    const open = await keyFile(0o604);
    const doctor = await runHerald(['doctor', '--server', server, '--key-file', open.file, '--wait', '1']);
    expect(doctor.code).toBe(3);
    expect(doctor.err).toMatch(/warning: .*key-604.* can be read by other users/);
    const act = await runHerald(['act', 'like', '--item', '1', '--server', server, '--key-file', open.file, '--data-dir', join(dir, 'act')]);
    expect(act.err).toMatch(/warning: .*key-604.* can be read by other users/);
    expect(`${doctor.out}${doctor.err}${act.out}${act.err}`).not.toContain(open.key);
  });
});


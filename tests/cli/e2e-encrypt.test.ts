/**
 * End-to-end encryption with the `herald` command as users run it (real child processes): `herald keygen`, `herald
 * publish --encrypt`, `herald subscribe` with `--key-file` or `HERALD_KEY`, against the reference server and the real
 * ntfy 2.11. The servers' stores never hold the plaintext; without the key, subscribe says so on stderr and prints
 * nothing of the message.
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald, startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startNchan, type NchanServer } from '../support/nchan/nchan-server';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);
let ntfy: NtfyServer | undefined;
let nchan: NchanServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-e2e-cli-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await Promise.all([ntfy?.stop(), nchan?.stop()]);
  ntfy = undefined;
  nchan = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root`, read as bytes decoded as latin1, so a plaintext anywhere in it can be searched. */
function allBytes(root: string): string {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => join(root, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('herald keygen', () => {
  it('prints a fresh key string each time', async () => {
    const a = await runHerald(['keygen']);
    const b = await runHerald(['keygen']);
    expect(a.code).toBe(0);
    expect(a.out.trim()).toMatch(/^hk1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{43}$/);
    expect(b.out.trim()).not.toBe(a.out.trim());
  });
});

/** `herald keygen --passphrase` with the passphrase piped to stdin, as a script would. */
function keygenWithPassphrase(passphrase: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/herald.js'), 'keygen', '--passphrase'], { env: { ...process.env, NODE_OPTIONS: '', LANG: 'C', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(`${passphrase}\n`);
  });
}

describe('herald keygen --passphrase', () => {
  it('prints a public key string; with the passphrase beside it in the key file, publish and subscribe share messages; a wrong passphrase is refused', { timeout: 90_000 }, async () => {
    const made = await keygenWithPassphrase('purple elephants dance at noon');
    expect(made.code, made.err).toBe(0);
    const printed = made.out.trim();
    expect(printed).toMatch(/^hkp1\./);
    expect(printed).not.toContain('elephants');
    expect(made.err).toContain('one space, then the passphrase');
    writeFileSync(join(dir, 'pass.key'), `${printed} purple elephants dance at noon\n`);
    writeFileSync(join(dir, 'wrong.key'), `${printed} purple elephants dance at midnight\n`);
    const { proc, url } = await startServeProcess([]);
    track(proc);
    const sent = await runHerald(['publish', '--server', url, '--encrypt', '--key-file', join(dir, 'pass.key'), '--title', 'From a passphrase']);
    expect(sent.code, sent.err).toBe(0);
    const sub = track(startCli(['subscribe', '--server', url, '--since', 'all', '--json', '--key-file', join(dir, 'pass.key'), '--data-dir', join(dir, 'sub'), '--exit-after', '1']));
    await sub.exited;
    expect(jsonEvents(sub.out)[0]!.data).toMatchObject({ title: 'From a passphrase' });
    const wrong = await runHerald(['subscribe', '--server', url, '--key-file', join(dir, 'wrong.key'), '--data-dir', join(dir, 'w')]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/damaged/);
    expect(wrong.err).not.toContain('midnight');
    const short = await keygenWithPassphrase('short', { LANG: 'zh_CN.UTF-8' });
    expect(short.code).toBe(2);
    expect(short.err).toContain('口令至少需要 8 个字符');
  });
});

describe('rules on an encrypted source', () => {
  it('match the decrypted title, and without the key only what is not content', { timeout: 90_000 }, async () => {
    const key = (await runHerald(['keygen'])).out.trim();
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify({
      rules: [
        { id: 'failures', name: 'Failures', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'failed' } }, actions: { sound: 'urgent' }, continue: false },
        { id: 'rest', name: 'Rest', scope: { kind: 'global' }, match: {}, actions: { notify: false }, continue: false },
      ],
    }));
    const { proc, url } = await startServeProcess(['--data-dir', join(dir, 'srv')]);
    track(proc);
    for (const title of ['Build 7 failed', 'Build 8 passed']) {
      const published = await runHerald(['publish', '--server', url, '--encrypt', '--key-file', keyFile, '--title', title, '--priority', '3']);
      expect(published.code, published.err).toBe(0);
    }
    const decided = async (withKey: boolean, data: string) => {
      const sub = track(startCli(['subscribe', '--server', url, '--since', 'all', '--json', '--rules', rulesFile, ...(withKey ? ['--key-file', keyFile] : []), '--data-dir', join(dir, data), '--exit-after', '2']));
      await sub.exited;
      return jsonEvents(sub.out).map((e) => [e.data.title, ((e as { decision?: { rules?: Array<{ id: string }> } }).decision?.rules ?? []).map((r) => r.id)]);
    };
    // Opened: the rule reads the title inside the envelope.
    expect(await decided(true, 'with-key')).toEqual([['Build 7 failed', ['failures']], ['Build 8 passed', ['rest']]]);
    // Sealed: there is no title to read, so the words rule cannot match; only the rule that asks for nothing does.
    expect(await decided(false, 'without-key')).toEqual([['', ['rest']], ['', ['rest']]]);
  });
});

describe('the reference server relays what it cannot read', () => {
  it('keygen → publish --encrypt → subscribe with the key file opens it; without a key: a stderr line, no content; the server stores no plaintext', { timeout: 90_000 }, async () => {
    const key = (await runHerald(['keygen'])).out.trim();
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${key}\n`);
    const { proc, url } = await startServeProcess(['--data-dir', join(dir, 'srv')]);
    track(proc);
    const published = await runHerald(['publish', '--server', url, '--encrypt', '--key-file', keyFile, '--title', 'Quarterly numbers', '--body', 'revenue up 12%', '--priority', '4']);
    expect(published.code, published.err).toBe(0);

    const sub = track(startCli(['subscribe', '--server', url, '--since', 'all', '--json', '--key-file', keyFile, '--data-dir', join(dir, 'sub'), '--exit-after', '1']));
    await sub.exited;
    expect(jsonEvents(sub.out)[0]!.data).toMatchObject({ title: 'Quarterly numbers', body: 'revenue up 12%', priority: 4 });

    const bare = track(startCli(['subscribe', '--server', url, '--since', 'all', '--data-dir', join(dir, 'bare'), '--exit-after', '1'], { env: { LANG: 'C' } }));
    await bare.line(/encrypted/i, { stream: 'err' });
    await bare.exited;
    expect(bare.out.join('\n')).not.toContain('Quarterly');
    const zh = track(startCli(['subscribe', '--server', url, '--since', 'all', '--data-dir', join(dir, 'zh'), '--exit-after', '1'], { env: { LANG: 'zh_CN.UTF-8' } }));
    await zh.line(/加密/, { stream: 'err' });

    const withEnv = track(startCli(['subscribe', '--server', url, '--since', 'all', '--json', '--data-dir', join(dir, 'env'), '--exit-after', '1'], { env: { HERALD_KEY: key } }));
    await withEnv.exited;
    expect(jsonEvents(withEnv.out)[0]!.data).toMatchObject({ title: 'Quarterly numbers' });

    const stored = allBytes(join(dir, 'srv'));
    expect(stored).toContain('"jwe"');
    expect(stored).not.toContain('Quarterly');
    expect(stored).not.toContain('revenue');
  });

  it('a malformed key file is a usage mistake that does not repeat the key', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, 'hk1.abcdefgh.tooshort-secret-part\n');
    const r = await runHerald(['publish', '--server', 'http://127.0.0.1:9', '--encrypt', '--key-file', keyFile, '--title', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/key/i);
    expect(r.err).not.toContain('tooshort-secret-part');
  });
});

describe('the real ntfy 2.11 relays what it cannot read', () => {
  /** ntfy#69's scheme by hand (node:crypto), as ntfy's own encrypting client sends it. */
  function ntfyJwe(password: string, topicUrl: string, publish: object): string {
    const key = pbkdf2Sync(password, createHash('sha256').update(topicUrl).digest(), 50_000, 32, 'sha256');
    const h = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(h, 'ascii'));
    const ct = Buffer.concat([c.update(JSON.stringify(publish), 'utf8'), c.final()]);
    return `${h}..${iv.toString('base64url')}.${ct.toString('base64url')}.${c.getAuthTag().toString('base64url')}`;
  }

  it.each(['sse', 'poll'] as const)('a raw encrypted publish opens in herald subscribe over %s; publish --encrypt too; the cache file holds no plaintext', { timeout: 90_000 }, async (transport) => {
    ntfy = await startNtfy();
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'topic password 1\n');
    const jwe = ntfyJwe('topic password 1', `${ntfy.url}/vault`, { topic: 'vault', title: 'Door opened', message: 'front door at 03:12', priority: 5, tags: ['door'] });
    await ntfy.publish('vault', jwe, { Encoding: 'jwe' });
    const sent = await runHerald(['publish', '--source', 'ntfy', '--server', ntfy.url, '--channel', 'vault', '--encrypt', '--key-file', pwFile, '--title', 'Window opened', '--body', 'kitchen window']);
    expect(sent.code, sent.err).toBe(0);

    const sub = track(startCli(['subscribe', '--source', 'ntfy', '--server', ntfy.url, '--channel', 'vault', '--since', 'all', '--transport', transport, '--json', '--key-file', pwFile, '--data-dir', join(dir, 'sub'), '--exit-after', '2']));
    await sub.exited;
    const got = jsonEvents(sub.out).map((e) => e.data);
    expect(got).toEqual([
      expect.objectContaining({ title: 'Door opened', body: 'front door at 03:12', priority: 5, tags: ['door'] }),
      expect.objectContaining({ title: 'Window opened', body: 'kitchen window' }),
    ]);
    const cache = readFileSync(ntfy.cacheFile!).toString('latin1');
    expect(cache).toContain(jwe.slice(0, 40));
    for (const plain of ['Door opened', 'front door', 'Window opened', 'kitchen window']) expect(cache).not.toContain(plain);
  });
});

describe('a real Nchan relays what it cannot read', () => {
  it('publish --encrypt with a rotated key file opens in herald subscribe; a subscriber with only the old key says it cannot', { timeout: 90_000 }, async () => {
    nchan = await startNchan({ pingIntervalSeconds: 1 });
    const oldKey = (await runHerald(['keygen'])).out.trim();
    const newKey = (await runHerald(['keygen'])).out.trim();
    writeFileSync(join(dir, 'rotated'), `${newKey}\n${oldKey}\n`);
    writeFileSync(join(dir, 'old'), `${oldKey}\n`);
    const channel = `sealed-${process.pid}`;
    const start = (keyFile: string, name: string) =>
      track(startCli(['subscribe', '--source', 'nchan', '--server', nchan!.subscribeUrl, '--channel', channel, '--json', '--transport', 'sse', '--key-file', keyFile, '--data-dir', join(dir, name)], { env: { LANG: 'C' } }));
    const rotated = start(join(dir, 'rotated'), 'a');
    const old = start(join(dir, 'old'), 'b');
    await rotated.line(/connected \(sse\)/, { stream: 'err' });
    await old.line(/connected \(sse\)/, { stream: 'err' });
    const r = await runHerald(['publish', '--source', 'nchan', '--server', `${nchan.url}/pub/{channel}`, '--channel', channel, '--encrypt', '--key-file', join(dir, 'rotated'), '--title', 'Rotated', '--body', 'new key']);
    expect(r.code, r.err).toBe(0);
    await rotated.line('"Rotated"');
    expect(jsonEvents(rotated.out)[0]!.data).toMatchObject({ title: 'Rotated', body: 'new key' });
    await old.line(/could not be decrypted/, { stream: 'err' });
    expect(old.out.join('\n')).not.toContain('Rotated');
  });
});

/**
 * Test vectors for both encryption modes, computed here by hand with node:crypto (PBKDF2, SHA-256, AES-256-GCM, the
 * compact JWE put together from its parts), independently of the code under test (jose). The same vectors are written
 * in docs/SOURCES.md ("Encrypted messages") and docs/PROTOCOL.md ("Encrypted events").
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { generatePassphraseKey, keyIdOf, parseKeyString } from '../../../src/core/e2e/keys';
import { ntfyTopicKey } from '../../../src/core/e2e/ntfy-key';
import { sealJwe } from '../../../src/core/e2e/jwe';
import { openEnvelope } from '../../../src/core/e2e/open';

const b64u = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** RFC 7516 §5.1 by hand: AAD = ASCII(BASE64URL(protected header)); encrypted key empty for `dir`. */
function jweByHand(header: object, key: Buffer, iv: Buffer, plaintext: string): string {
  const h = b64u(JSON.stringify(header));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(h, 'ascii'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${h}..${b64u(iv)}.${b64u(ct)}.${b64u(cipher.getAuthTag())}`;
}

function openByHand(jwe: string, key: Buffer): string {
  const [h, , iv, ct, tag] = jwe.split('.') as [string, string, string, string, string];
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(h, 'ascii'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

const IV = Buffer.from('000102030405060708090a0b', 'hex');

describe('ntfy mode (ntfy#69): PBKDF2-HMAC-SHA256(password, SHA-256(topic URL), 50 000, 32) and JWE dir/A256GCM', () => {
  const password = 'correct horse battery staple';
  const topicUrl = 'https://ntfy.example/mytopic';
  const publish = '{"topic":"mytopic","title":"Backup done","message":"42 files, 0 errors","priority":4,"tags":["floppy_disk"]}';
  const key = pbkdf2Sync(password, createHash('sha256').update(topicUrl).digest(), 50_000, 32, 'sha256');
  const VECTOR_KEY_HEX = 'ea40627818cf4100c56f8e9440d4a53d6ae3ce70224d1a017f607ac500474936';
  const VECTOR_JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAECAwQFBgcICQoL.u9ktNHEdxc48sMFe3BXs3LwatPqhkVW91eSyt8TUpW54Q3aj-Cqo6LW0R-uTNkTDUYfbvOlAYK--4rOI_1YQEm9FdHeiiVYfdSi5Uvk3Amo_LkPRlNZCcrbB8JX9LDmRZvqO5cJ1ib_7B3fc.BYkPOy8piJNO64hBMcgo_A';

  it('derives the documented key and builds the documented JWE', async () => {
    expect(key.toString('hex')).toBe(VECTOR_KEY_HEX);
    expect(Buffer.from(await ntfyTopicKey(password, topicUrl)).toString('hex')).toBe(VECTOR_KEY_HEX);
    expect(jweByHand({ alg: 'dir', enc: 'A256GCM' }, key, IV, publish)).toBe(VECTOR_JWE);
  });

  it('opens the vector into the whole publish JSON: title, body, priority and tags', async () => {
    const opened = await openEnvelope({ mode: 'ntfy', jwe: VECTOR_JWE, message: { id: 'abcDEF123456', time: 1767225600, topic: 'mytopic' }, topicUrl }, [password]);
    expect(opened.ok && opened.event.type === 'notification' && opened.event.data).toMatchObject({ title: 'Backup done', body: '42 files, 0 errors', priority: 4, tags: ['floppy_disk'] });
  });
});

describe("Herald's envelope: hk1 key strings, kid in the protected header", () => {
  const rawKey = Buffer.from('f'.repeat(2) + '0123456789abcdef'.repeat(3) + 'fedcba98765432', 'hex');
  const kid = b64u(createHash('sha256').update('herald-kid:').update(rawKey).digest().subarray(0, 6));
  const keyString = `hk1.${kid}.${b64u(rawKey)}`;
  const data = '{"title":"Deploy finished","body":"**v2.3** is live","priority":5,"format":"markdown"}';
  const VECTOR_KEY = 'hk1.fKoyny2a._wEjRWeJq83vASNFZ4mrze8BI0VniavN7_7cuph2VDI';
  const VECTOR_JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiZktveW55MmEifQ..AAECAwQFBgcICQoL.snbXaQEWLKkwm6pe8ZInwTtqonkCJifnuBoruSMGVph5SJ1EuKA-mvwd4JnmvdvfVcuuQ_1mvH3H-zPaMCHDL3zzmMNKC7Plp_48OGKtHqGOfiDRqOU.ghPh9wlCFZsq3CZQkoLDuw';

  it('the key string and the JWE are the documented ones', () => {
    expect(rawKey.length).toBe(32);
    expect(keyString).toBe(VECTOR_KEY);
    expect(keyIdOf(rawKey)).toBe(kid);
    expect(jweByHand({ alg: 'dir', enc: 'A256GCM', kid }, rawKey, IV, data)).toBe(VECTOR_JWE);
  });

  it('opens the vector with the key string and goes through the same validation as clear text', async () => {
    const opened = await openEnvelope({ mode: 'herald', jwe: VECTOR_JWE, id: '7', time: '2026-01-01T00:00:00Z', itemId: 'n-7' }, [keyString]);
    expect(opened.ok && opened.event.type === 'notification' && opened.event.data).toMatchObject({ itemId: 'n-7', title: 'Deploy finished', body: '**v2.3** is live', priority: 5, markdown: true });
  });

  it('what the code seals (jose) opens by hand', async () => {
    const parsed = parseKeyString(keyString);
    if ('error' in parsed) throw new Error(parsed.error);
    const jwe = await sealJwe(data, parsed);
    expect(JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM', kid });
    expect(openByHand(jwe, rawKey)).toBe(data);
  });
});

describe('passphrase keys: scrypt parameters and salt in the key string, the passphrase beside it', () => {
  const passphrase = 'purple elephants dance at noon';
  const salt = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const key = scryptSync(passphrase, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const kid = b64u(createHash('sha256').update('herald-kid:').update(key).digest().subarray(0, 6));
  const line = `hkp1.${kid}.15.8.1.${b64u(salt)} ${passphrase}`;

  it('derives the same key as scrypt by hand; a wrong or missing passphrase is refused', () => {
    const parsed = parseKeyString(line);
    expect('error' in parsed ? parsed.error : Buffer.from(parsed.key).toString('hex')).toBe(key.toString('hex'));
    expect(parseKeyString(`hkp1.${kid}.15.8.1.${b64u(salt)} purple elephants dance at midnight`)).toEqual({ error: 'key_check_failed' });
    expect(parseKeyString(`hkp1.${kid}.15.8.1.${b64u(salt)}`)).toEqual({ error: 'key_malformed' });
  });

  it('refuses parameters that would take more than 256 MiB of memory, before deriving', () => {
    expect(parseKeyString(`hkp1.${kid}.22.8.1.${b64u(salt)} ${passphrase}`)).toEqual({ error: 'key_malformed' });
  });

  it('generatePassphraseKey prints a string that, with the passphrase, is a key', () => {
    const printed = generatePassphraseKey(passphrase);
    expect(printed).toMatch(/^hkp1\.[A-Za-z0-9_-]{8}\.15\.8\.1\.[A-Za-z0-9_-]{22}$/);
    const parsed = parseKeyString(`${printed} ${passphrase}`);
    expect('error' in parsed).toBe(false);
  });
});

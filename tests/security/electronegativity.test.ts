/**
 * Electronegativity (Doyensec's scanner for Electron anti-patterns) over src/, offline: every finding must be in
 * the reviewed allowlist next to this file, with a reason, and every allowlist entry must still match a finding
 * (a stale excuse is removed, not kept). The Electron version is given (-e) so the scanner does not guess it, and the
 * "available security fixes" check is left out: it downloads Electron's release list, which CI cannot reach, and
 * the Electron version is tracked with the packaging work, not here.
 *
 * Offline by construction: the scanner's only other network use is its start-up fetch of updated translations
 * (locales/i18n.js, through its HTTP client `got`). Offline, got's retry timer on Node 24 settles the request before
 * p-cancelable attaches its cancel handler, and that throws outside any promise: the whole scanner process dies. So the
 * child loads a stand-in `got` that answers "offline" at once, and the scanner keeps its bundled English words.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNNER = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js');
const exec = promisify(execFile);

/**
 * The scanner run through its own runner (the function its command line calls), printing the findings as JSON. Its
 * CSV output (`-o`) is written by two concurrent writeFile calls — the header truncating, the rows appending — so
 * on a busy machine the header could land on top of the first row; the findings are taken from the runner instead.
 */
const SCAN = `
const gotPath = require.resolve('got', { paths: [require('path').dirname(process.argv[1])] });
const offline = () => Promise.reject(new Error('offline: the scan makes no network requests'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
const run = require(process.argv[1]);
run({ input: process.argv[2], isSarif: false, customScan: [], excludeFromScan: ['availablesecurityfixesglobalcheck'],
  isRelative: true, isVerbose: false, electronVersionOverride: process.argv[3], parserPlugins: [] }, false)
  .then((r) => process.stdout.write('\\nFINDINGS ' + JSON.stringify(r.issues.map((i) => ({ check: i.id, file: i.file,
    location: i.location.line + ':' + i.location.column, sample: i.sample == null ? '' : String(i.sample) })))))
  .catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

interface Accepted {
  check: string;
  file: string;
  sample: string;
  reason: string;
}
interface Finding {
  check: string;
  file: string;
  location: string;
  sample: string;
}

describe('electronegativity', () => {
  it('finds nothing in src/ beyond the reviewed allowlist', { timeout: 120_000 }, async () => {
    const electron = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const { stdout } = await exec(process.execPath, ['-e', SCAN, RUNNER, join(ROOT, 'src'), electron], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'en-US' },
      timeout: 110_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const findings = (JSON.parse(stdout.slice(stdout.lastIndexOf('\nFINDINGS ') + 10)) as Finding[]).map((f) => ({ ...f, sample: f.sample.trim() }));
    const allow = (JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8')) as { accepted: Accepted[] }).accepted;
    const covers = (a: Accepted, f: Finding) => a.check === f.check && a.file === f.file && f.sample.includes(a.sample);

    expect(findings.length, 'the scanner reported its findings').toBeGreaterThan(0);
    const unexplained = findings.filter((f) => !allow.some((a) => covers(a, f)));
    expect(unexplained, 'findings not in tests/security/electronegativity-allowlist.json').toEqual([]);
    const stale = allow.filter((a) => !findings.some((f) => covers(a, f)));
    expect(stale, 'allowlist entries that match no finding any more').toEqual([]);
    for (const a of allow) expect(a.reason.length, a.check).toBeGreaterThan(40);
  });
});

/**
 * Electronegativity (Doyensec's scanner for Electron anti-patterns) over src/, offline: every finding must be in
 * the reviewed allowlist next to this file, with a reason, and every allowlist entry must still match a finding
 * (a stale excuse is removed, not kept). The Electron version is given (-e) so the scanner does not guess it, and the
 * "available security fixes" check is left out: it downloads Electron's release list, which CI cannot reach, and
 * the Electron version is tracked with the packaging work, not here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNER = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
const exec = promisify(execFile);

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

/** The scanner's CSV: quoted fields with "" escapes, one finding per line after the header. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('electronegativity', () => {
  it('finds nothing in src/ beyond the reviewed allowlist', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-eneg-'));
    try {
      const out = join(dir, 'findings.csv');
      const electron = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
      await exec(process.execPath, [SCANNER, '-i', join(ROOT, 'src'), '-r', '-v', 'false', '-e', electron, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out], {
        cwd: ROOT,
        env: { ...process.env, LANG: 'en-US' },
        timeout: 110_000,
      });
      const [header, ...rows] = parseCsv(readFileSync(out, 'utf8')).filter((r) => r.length > 1);
      expect(header?.[0]).toBe('issue');
      const findings: Finding[] = rows.map((r) => ({ check: r[0]!.trim(), file: r[3]!.trim(), location: r[4]!.trim(), sample: r[5]!.trim() }));
      const allow = (JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8')) as { accepted: Accepted[] }).accepted;
      const covers = (a: Accepted, f: Finding) => a.check === f.check && a.file === f.file && f.sample.includes(a.sample);

      const unexplained = findings.filter((f) => !allow.some((a) => covers(a, f)));
      expect(unexplained, 'findings not in tests/security/electronegativity-allowlist.json').toEqual([]);
      const stale = allow.filter((a) => !findings.some((f) => covers(a, f)));
      expect(stale, 'allowlist entries that match no finding any more').toEqual([]);
      for (const a of allow) expect(a.reason.length, a.check).toBeGreaterThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

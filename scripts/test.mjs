#!/usr/bin/env node
// The one test command (README, .ci/run): check the system packages the suite needs, build the app, run vitest,
// and end with a plain "N passed, N failed" line. A missing prerequisite is installed when we may (root with apt-get),
// otherwise we stop and print the exact command: a test never skips silently because something is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const NEEDS = [
  { what: 'Chromium (browser tests)', check: () => existsSync('/usr/bin/chromium'), pkgs: ['chromium'] },
  {
    what: 'a Chinese font (legible zh-CN screenshots)',
    check: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
    pkgs: ['fonts-wqy-microhei'],
  },
  {
    what: 'an emoji font (emoji in screenshots, not empty boxes)',
    check: () => existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'),
    pkgs: ['fonts-noto-color-emoji'],
  },
  {
    what: 'nginx with the Nchan module (Nchan interop tests)',
    check: () => existsSync('/usr/sbin/nginx') && existsSync('/usr/lib/nginx/modules/ngx_nchan_module.so'),
    pkgs: ['nginx', 'libnginx-mod-nchan'],
  },
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

const missing = NEEDS.filter((n) => !n.check());
if (missing.length > 0) {
  const pkgs = missing.flatMap((n) => n.pkgs);
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`The tests need: ${missing.map((n) => n.what).join('; ')}.`);
    console.error(`Install them with:\n  sudo sh -c '${cmd}'\nthen run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing ${pkgs.join(', ')} for the test suite…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('sh', ['-c', cmd], { env }) !== 0 || missing.some((n) => !n.check())) {
    console.error(`Could not install ${pkgs.join(' ')}. Run:\n  ${cmd}`);
    process.exit(1);
  }
}

// The real ntfy server (Debian trixie's package, not installable on bookworm) is fetched into .cache/ntfy without
// touching the system's apt state; the script prints the exact steps when it cannot.
if (!existsSync('.cache/ntfy/root/usr/bin/ntfy')) {
  console.log('Fetching the ntfy server for the interop tests (scripts/fetch-ntfy.sh)…');
  if (run('sh', ['scripts/fetch-ntfy.sh'], { stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) {
    console.error('The ntfy interop tests need the ntfy server: follow the steps above, then run npm test again.');
    process.exit(1);
  }
}

// The boot test loads out/main and the browser tests serve out/renderer: build first (typecheck included).
if (run('npm', ['run', 'build', '--silent']) !== 0) {
  console.error('Build failed: fix the errors above before the tests can run.');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

mkdirSync('.artifacts', { recursive: true });
const report = '.artifacts/vitest-report.json';
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let summary = null;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  // A file that failed without a failing test (it did not load, a hook threw) counts once; a failing test counts once
  // (numFailedTestSuites would count it again for every describe block around it).
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  summary = { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
} catch {
  // vitest died before writing its report
}
if (summary) {
  console.log(`tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (summary.passed === 0 && status === 0) process.exit(1);
} else {
  console.log('tests: 0 passed, 1 failed');
}
process.exit(status);

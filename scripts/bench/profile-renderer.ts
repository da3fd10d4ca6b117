/**
 * For profiling, not part of the table: one catch-up of N live events in the harness (as ./renderer.ts does), traced
 * by Chromium, then the renderer main thread's tasks over `--over` ms, each with what took its time, e.g.
 *   npx electron-vite build && node --import tsx scripts/bench/profile-renderer.ts 100000 --over 50
 */
import { writeFileSync } from 'node:fs';
import { Stack } from '../../tests/e2e/harness/stack';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

interface CpuProfile {
  nodes: Array<{ id: number; parent?: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Each sample as its time and its stack (innermost first), named `function@file:line`. */
function cpuSamples(p: CpuProfile): Array<{ ts: number; ms: number; stack: string[] }> {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const name = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  };
  const out: Array<{ ts: number; ms: number; stack: string[] }> = [];
  let ts = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    ts += p.timeDeltas[i]!;
    const stack: string[] = [];
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) stack.push(name(id));
    out.push({ ts, ms: (p.timeDeltas[i + 1] ?? 0) / 1000, stack });
  }
  return out;
}

const n = Number(process.argv[2] ?? 100_000);
const overIdx = process.argv.indexOf('--over');
const overMs = overIdx > 0 ? Number(process.argv[overIdx + 1]) : 50;

const stack = await Stack.start();
try {
  const { page } = stack;
  const browser = page.context().browser()!;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink'] });
  for (let i = 0; i < n; i++) {
    stack.server!.publish({ title: `Build #${i} passed`, body: 'All 42 checks passed on linux, macOS and Windows. 所有检查均已通过。' });
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  const deadline = Date.now() + 300_000;
  for (;;) {
    const text = (await page.locator('[data-testid="unread-count"]').textContent()) ?? '';
    if (Number(text.replace(/\D/g, '') || '0') >= n) break;
    if (Date.now() > deadline) throw new Error('catch-up did not finish in 300 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const buf = await browser.stopTracing();
  const { profile } = await cdp.send('Profiler.stop');
  const samples = cpuSamples(profile as unknown as CpuProfile);
  writeFileSync('/tmp/herald-renderer-trace.json', buf);
  const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const long = tasks.filter((t) => t.dur! / 1000 > overMs);
  process.stdout.write(`${tasks.length} tasks, ${long.length} over ${overMs} ms; longest ${Math.max(...tasks.map((t) => t.dur! / 1000)).toFixed(1)} ms\n`);
  for (const t of long.filter((x) => x.name === 'ThreadControllerImpl::RunTask').slice(0, 40)) {
    // Time inside the task by event name (nested events counted in each enclosing name: read them as a tree).
    const by = new Map<string, number>();
    for (const e of onMain) {
      if (e === t || e.ts < t.ts || e.ts + e.dur! > t.ts + t.dur!) continue;
      const name = e.name === 'FunctionCall' ? `FunctionCall ${e.args?.data?.functionName ?? ''}` : e.name;
      by.set(name, (by.get(name) ?? 0) + e.dur! / 1000);
    }
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ');
    process.stdout.write(`${(t.dur! / 1000).toFixed(1)} ms: ${top}\n`);
    // JavaScript in the task (the CPU profile and the trace share one monotonic clock): self and inclusive time.
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    for (const s of samples) {
      if (s.ts < t.ts || s.ts > t.ts + t.dur!) continue;
      self.set(s.stack[0]!, (self.get(s.stack[0]!) ?? 0) + s.ms);
      for (const f of new Set(s.stack)) incl.set(f, (incl.get(f) ?? 0) + s.ms);
    }
    const list = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ');
    process.stdout.write(`    self: ${list(self)}\n    incl: ${list(incl)}\n`);
  }
} finally {
  await stack.stop();
}
process.exit(0);

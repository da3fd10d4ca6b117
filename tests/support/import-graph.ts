/**
 * The static import graph of a source tree and its cycles, for tests/architecture.test.ts. Static means what a
 * loader or a type checker follows from the top of a file: `import … from`, `import type … from`, `export … from` and
 * side-effect `import './x'`. A dynamic `import()` is left out on purpose: it runs later, so it cannot form a load-time
 * circle, and it is how a module reaches one that is optional.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(m|c)?ts$|\.svelte$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers a file imports statically (see the header for what counts). */
export function staticImports(text: string): string[] {
  const pattern = /(?:^|[;\s])(?:import|export)\s[^'"();]*?from\s*['"](\.[^'"]*)['"]|(?:^|[;\s])import\s*['"](\.[^'"]*)['"]/g;
  return [...text.matchAll(pattern)].map((m) => (m[1] ?? m[2])!);
}

/** The file a relative specifier names, as TypeScript resolves it here (extensionless, `.js` for `.ts`, index files). */
function resolveSpec(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.svelte.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Every source file under `root` (relative path) → the files it imports statically (relative paths). */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const targets = staticImports(readFileSync(file, 'utf8'))
      .map((spec) => resolveSpec(file, spec))
      .filter((t): t is string => t !== null && t.startsWith(root))
      .map((t) => relative(root, t));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/**
 * The circles of the graph, one per strongly connected component of more than one file (or a file importing
 * itself), each written as a path that comes back to its start: `a.ts → b.ts → a.ts`. Tarjan's algorithm, iterative,
 * so a deep tree cannot overflow the stack.
 */
export function importCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || (graph.get(top.node) ?? []).includes(top.node)) components.push(component);
      }
    }
  }
  return components.map((c) => circleThrough(graph, new Set(c)));
}

/** One circle inside a component, found by a breadth-first walk back to its first file (sorted, so stable). */
function circleThrough(graph: ImportGraph, members: Set<string>): string {
  const start = [...members].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = cameFrom.get(n)) path.splice(1, 0, n);
        return [...path, start].join(' → ');
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...members].join(' ↔ ');
}

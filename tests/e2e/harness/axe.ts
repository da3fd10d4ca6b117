/**
 * axe-core, run inside the page. The page's CSP forbids inline scripts, so axe's source is evaluated through the
 * DevTools protocol (as Playwright's evaluate does) instead of being added as a <script>.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The violations axe finds in the page as it is now (WCAG 2.x A and AA rules, plus axe's best practices). */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(`(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    }));
  })()`);
}

/** Only what blocks people: serious and critical findings. */
export function blocking(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

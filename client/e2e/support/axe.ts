import fs from 'node:fs';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type PageWithAxe = Window & { axe?: { run(context: Document, options: object): Promise<AxeResults> } };

/**
 * Every axe-core violation on the page as it is now, one line per rule and element. The script is evaluated through
 * the DevTools protocol: the app's CSP would refuse an injected <script> ([AY1] in docs/client.md).
 */
export async function axeViolations(page: Page, screen: string): Promise<string[]> {
  const loaded = await page.evaluate(() => (window as PageWithAxe).axe !== undefined);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as PageWithAxe).axe;
    if (!axe) throw new Error('axe-core did not load');
    // every rule axe runs by default, and WCAG 2.2's target size (off by default): fingers are not mouse pointers
    const results = await axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
    // a run that checked nothing proves nothing
    if (results.passes.length === 0) throw new Error('axe-core ran no rule on this page');
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.replace(/\s+/g, ' ')),
    }));
  });
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `[${screen}] ${violation.id} (${violation.impact}): ${violation.help}: ${node}`),
  );
}

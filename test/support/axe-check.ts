import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { projectRoot } from './served-console';

const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
const violationsSchema = z.array(z.object({ id: z.string(), impact: z.string().nullable(), targets: z.array(z.string()) }));

/**
 * axe-core's findings above "minor" on the page as it is, one line each: the rule, its impact,
 * and where. The page must be opened with `bypassCSP` (the console's policy refuses injected
 * scripts). Page code as text: the tests compile without the DOM's types.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!z.boolean().parse(await page.evaluate("'axe' in window"))) await page.addScriptTag({ content: axeSource });
  const found = violationsSchema.parse(
    await page.evaluate(
      'axe.run(document).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, targets: v.nodes.map((node) => JSON.stringify(node.target)) })))',
    ),
  );
  return found
    .filter((violation) => violation.impact !== 'minor' && violation.impact !== null)
    .map((violation) => `${violation.id} (${violation.impact ?? ''}): ${violation.targets.join(' | ')}`);
}

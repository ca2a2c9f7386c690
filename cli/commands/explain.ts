import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closestMatch } from '../../analyzers/config';
import { ALL_RULES, findRule } from '../../analyzers/registry';
import { docRelativePath, findDocsRoot } from '../docs';
import { CliError, cannotRead } from '../errors';

const RULE_ID = /^[a-z0-9-]+(\/[a-z0-9-]+)?$/;

/** `faultline explain RULE`: the rule's doc page, as markdown (readable as is in a terminal). */
export async function explainRule(id: string): Promise<string> {
  const root = findDocsRoot();
  const relative = docRelativePath(id);
  const page = root ? join(root, relative) : undefined;
  // `sim/…` results are not in the static catalog but may have pages; the shape check keeps `../` out of the path.
  const known = findRule(id) !== undefined || (RULE_ID.test(id) && page !== undefined && existsSync(page));
  if (!known) {
    const suggestion = closestMatch(id, ALL_RULES.map((r) => r.id));
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : ' (run faultline rules for the list)';
    throw new CliError(`unknown rule '${id}'${hint}`);
  }
  if (!page) throw new CliError(`cannot find the rule documentation (docs/rules) next to the faultline installation`);
  try {
    const text = await readFile(page, 'utf8');
    return text.endsWith('\n') ? text : `${text}\n`;
  } catch (error) {
    throw cannotRead(relative, error);
  }
}

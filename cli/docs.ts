import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Rule docs ship beside the code: `docs/rules/<category>/<name>.md`. The CLI runs either bundled
 * (`dist/cli.cjs`, where esbuild's CommonJS output has `__dirname`) or from source through tsx (ESM, no
 * `__dirname`; `import.meta` would make esbuild warn on every CommonJS build), so the search starts from
 * the bundle's folder when there is one, else from the script Node was started with, and walks up.
 */

/** `quorum/no-overlap` → `docs/rules/quorum/no-overlap.md`; core rules (`syntax`, `schema`, …) have no category: `docs/rules/core/`. */
export function docRelativePath(ruleId: string): string {
  return ruleId.includes('/') ? `docs/rules/${ruleId}.md` : `docs/rules/core/${ruleId}.md`;
}

export function findDocsRoot(): string | undefined {
  const starts: string[] = [];
  if (typeof __dirname === 'string') starts.push(__dirname);
  if (process.argv[1]) {
    try {
      starts.push(dirname(realpathSync(process.argv[1])));
    } catch {
      // a script path that no longer exists: nothing to start from
    }
  }
  for (const start of starts) {
    for (let dir = start, depth = 0; depth < 6; dir = dirname(dir), depth++) {
      if (existsSync(join(dir, 'docs', 'rules'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

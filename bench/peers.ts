import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/*
 * Peers the project does not depend on, installed on first use into a cache of their own (never into the
 * project, never replacing the project's Node): likec4 (npm `likec4`) needs Node ≥ 22, so it runs with the Node 22
 * binary of the npm package `node`. BENCH_PEERS_DIR overrides the cache (default ~/.cache/faultline/bench-peers).
 */

export const PEERS_DIR = process.env.BENCH_PEERS_DIR || join(os.homedir(), '.cache/faultline/bench-peers');
const PACKAGES = ['node@22', 'likec4@1'];

export interface LikeC4 {
  /** The Node 22 binary and likec4's CLI entry, run as `node22 likec4.mjs validate …`. */
  node: string;
  cli: string;
  nodeVersion: string;
  version: string;
}

function locate(): LikeC4 | undefined {
  const node = join(PEERS_DIR, 'node_modules/node/bin/node');
  const cli = join(PEERS_DIR, 'node_modules/likec4/bin/likec4.mjs');
  if (!existsSync(node) || !existsSync(cli)) return undefined;
  const v = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !/^v(2[2-9]|[3-9]\d)\./.test(v.stdout.trim())) return undefined;
  const version = (JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules/likec4/package.json'), 'utf8')) as { version: string }).version;
  return { node, cli, nodeVersion: v.stdout.trim(), version };
}

/** likec4 with its Node 22, installed if absent; otherwise why it cannot be had. */
export function likec4(): LikeC4 | { skipped: string } {
  const found = locate();
  if (found) return found;
  try {
    mkdirSync(PEERS_DIR, { recursive: true });
  } catch (e) {
    return { skipped: `cannot create ${PEERS_DIR}: ${(e as Error).message}` };
  }
  console.log(`installing the likec4 peer (${PACKAGES.join(', ')}) into ${PEERS_DIR} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { skipped: `npm install ${PACKAGES.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${String(r.stderr).trim().split('\n').slice(-2).join(' ')}` };
  return locate() ?? { skipped: `installed into ${PEERS_DIR}, but no Node ≥ 22 or likec4 CLI found there` };
}

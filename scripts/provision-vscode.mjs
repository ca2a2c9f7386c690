// Provisions what the real-VS-Code tests need, into a cache folder (never into the extension's dependencies):
//  - Chromium (Debian's), which drives the workbench through playwright-core;
//  - the VS Code server build inside the code-server npm package (no desktop VS Code can be downloaded here).
// As root it installs the Debian packages itself; otherwise it says exactly what is missing.
// Recipe and reasons: shared/TESTING-IN-VSCODE.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3, the last line that runs on Node 20
// Outside the checkout, so a fresh clone (CI) on the same machine reuses it; FAULTLINE_CACHE overrides.
const CACHE = process.env.FAULTLINE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'faultline');
export const SERVER_DIR = join(CACHE, `vscode-server-${CODE_SERVER_VERSION}`);
export const SERVER_MAIN = join(SERVER_DIR, 'node_modules/code-server/lib/vscode/out/server-main.js');
export const CHROMIUM = '/usr/bin/chromium';
const RIPGREP_CACHE = join(process.env.TMPDIR || tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_TARBALL = join(RIPGREP_CACHE, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const log = (m) => console.log(`provision: ${m}`);

function debianInstalled(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
}

function ensureDebian(packages) {
  const missing = packages.filter((p) => !debianInstalled(p));
  if (missing.length === 0) return;
  if (!isRoot) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} — install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureRipgrepCache() {
  // @vscode/ripgrep downloads rg from the internet unless its cache holds the tarball; Debian's rg serves.
  if (existsSync(RIPGREP_TARBALL)) return;
  mkdirSync(RIPGREP_CACHE, { recursive: true });
  const staging = join(RIPGREP_CACHE, 'staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync('/usr/bin/rg', join(staging, 'rg'));
  execFileSync('tar', ['czf', RIPGREP_TARBALL, '-C', staging, 'rg']);
}

function ensureServer() {
  if (existsSync(SERVER_MAIN)) return;
  ensureRipgrepCache();
  mkdirSync(SERVER_DIR, { recursive: true });
  writeFileSync(join(SERVER_DIR, 'package.json'), JSON.stringify({ name: 'faultline-vscode-test-server', private: true }));
  log(`installing code-server@${CODE_SERVER_VERSION} (the VS Code server build) into ${SERVER_DIR} — about 2 minutes, once`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: SERVER_DIR,
    stdio: 'inherit',
    env: {
      ...process.env,
      // code-server's postinstall builds native modules with nested npm installs: as root it insists on
      // unsafe-perm, node-gyp's npx must not prompt, and npm 11 blocks dependency scripts unless allowed.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  if (result.status !== 0 || !existsSync(SERVER_MAIN)) {
    throw new Error(`installing code-server failed (exit ${result.status}); see the npm output above`);
  }
}

/** `browser: false` for `npm start`, which prints a URL for the user's own browser. */
export function provision({ browser = true } = {}) {
  ensureDebian([...(browser ? ['chromium'] : []), 'libkrb5-dev', 'ripgrep']);
  if (browser && !existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  ensureServer();
  return { serverMain: SERVER_MAIN, chromium: CHROMIUM };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    provision();
    log('ready');
  } catch (error) {
    console.error(`provision: ${error.message}`);
    process.exit(1);
  }
}

import pkg from '../package.json';

/** From package.json, bundled in by esbuild, so `dist/cli.cjs` needs no file beside it to know its version. */
export const VERSION: string = pkg.version;

// package.json names no homepage yet; SARIF viewers link the tool's name here.
export const INFORMATION_URI: string =
  (pkg as { homepage?: string }).homepage ?? 'https://github.com/faultline/faultline';

import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/*
 * What the extension may open on its own: decisions about URIs and paths that must stay inside the workspace.
 * Kept free of `vscode` (the callers pass what they read from the editor API) so unit tests can import it.
 */

/** The parts of a URI the checks read: `vscode.Uri` has them, tests pass plain objects. */
export interface UriParts {
  readonly scheme: string;
  readonly path: string;
}

/** Schemes a diagram can be restored for: files on disk (local or remote) and unsaved documents. */
const RESTORABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);
/** Schemes that name a file on disk: these must lie inside a workspace folder. */
const ON_DISK = new Set(['file', 'vscode-remote']);

export type RestoreDecision<T> = { uri: T } | { reason: string };

/**
 * Whether a diagram panel restored after a reload may reopen the document its webview saved in its state.
 * The state comes from the webview, which must not be trusted (a compromised one could name any file): only an
 * `.arch` document is reopened, and a file on disk only when it is inside an open workspace folder (`inWorkspace`,
 * `vscode.workspace.getWorkspaceFolder` in the extension). `parse` is `vscode.Uri.parse(text, true)`; a URI it
 * rejects is not restored.
 */
export function restorableDiagramUri<T extends UriParts>(raw: string | undefined, parse: (text: string) => T, inWorkspace: (uri: T) => boolean): RestoreDecision<T> {
  if (!raw) return { reason: 'the saved state names no document' };
  let uri: T;
  try {
    uri = parse(raw);
  } catch (error) {
    return { reason: `not a URI (${String(error)})` };
  }
  if (!RESTORABLE_SCHEMES.has(uri.scheme)) return { reason: `scheme '${uri.scheme}' is not restored` };
  if (!/\.arch$/i.test(uri.path)) return { reason: 'not an .arch file' };
  // `a/../b` is not normalized by URI parsing: the workspace-folder lookup compares segments, so `<folder>/../x`
  // would pass it and then open `x`. A restored document never needs one.
  if (uri.path.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')) return { reason: 'the path has . or .. segments' };
  if (ON_DISK.has(uri.scheme) && !inWorkspace(uri)) return { reason: 'not inside an open workspace folder' };
  return { uri };
}

/** Whether `path` is `root` or under it (both absolute and resolved the same way); purely lexical. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Splits `items` into those whose real path (symbolic links resolved) is inside the real path of one of `roots`,
 * and the rest. `vscode.workspace.findFiles` follows symbolic links (`search.followSymlinks` is on by default), so
 * `x.arch -> /outside/file` in a workspace would otherwise be read. A path (or root) that cannot be resolved —
 * a dangling link, a file removed since it was found — counts as outside: nothing is opened that was not checked.
 */
export async function partitionByRealPath<T>(
  items: readonly T[],
  pathOf: (item: T) => string,
  roots: readonly string[],
  resolve: (path: string) => Promise<string> = realpath,
): Promise<{ inside: T[]; outside: T[] }> {
  const realRoots = (await Promise.all(roots.map((root) => resolve(root).catch(() => undefined)))).filter((root) => root !== undefined);
  const real = await Promise.all(items.map((item) => resolve(pathOf(item)).catch(() => undefined)));
  const inside: T[] = [];
  const outside: T[] = [];
  items.forEach((item, index) => {
    const path = real[index];
    (path !== undefined && realRoots.some((root) => isInside(root, path)) ? inside : outside).push(item);
  });
  return { inside, outside };
}

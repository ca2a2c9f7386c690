import * as vscode from 'vscode';
import { partitionByRealPath } from './workspace-paths';

/** Limits the workspace check: a monorepo with a node_modules full of fixtures must not hang the editor. */
const MAX_FILES = 2000;
/** Skipped files named in the warning; the rest are counted. */
const MAX_NAMED = 5;

/**
 * "Check All .arch Files": the server only diagnoses open documents, so the files are opened (not shown) —
 * the language client then syncs them and the Problems panel fills for every file. Progress is shown and the
 * work can be cancelled. Returns how many files were checked.
 */
export async function checkWorkspace(): Promise<number> {
  const found = await vscode.workspace.findFiles('**/*.arch', '**/node_modules/**', MAX_FILES);
  // findFiles follows symbolic links (`search.followSymlinks`): `x.arch -> /outside/file` must not be read, so only
  // files whose real path is inside a workspace folder's real path are opened (the extension host is Node, and
  // with `virtualWorkspaces: false` every folder is on a disk it can see).
  const roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const { inside: files, outside: skipped } = await partitionByRealPath(found, (uri) => uri.fsPath, roots);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Faultline: checking .arch files', cancellable: true },
    async (progress, token) => {
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, files.length) });
        await vscode.workspace.openTextDocument(uri);
      }
    },
  );
  void vscode.commands.executeCommand('workbench.actions.view.problems');
  if (skipped.length > 0) {
    const named = skipped.slice(0, MAX_NAMED).map((uri) => vscode.workspace.asRelativePath(uri));
    const more = skipped.length > MAX_NAMED ? ` and ${skipped.length - MAX_NAMED} more` : '';
    void vscode.window.showWarningMessage(
      `Faultline: did not check ${skipped.length} .arch file(s) that resolve outside the workspace folders (symbolic links out of them, or unresolvable): ${named.join(', ')}${more}.`,
    );
  }
  return files.length;
}

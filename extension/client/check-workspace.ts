import * as vscode from 'vscode';

/** Limits the workspace check: a monorepo with a node_modules full of fixtures must not hang the editor. */
const MAX_FILES = 2000;

/**
 * "Check All .arch Files": the server only diagnoses open documents, so the files are opened (not shown) —
 * the language client then syncs them and the Problems panel fills for every file. Progress is shown and the
 * work can be cancelled.
 */
export async function checkWorkspace(): Promise<number> {
  const files = await vscode.workspace.findFiles('**/*.arch', '**/node_modules/**', MAX_FILES);
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
  return files.length;
}

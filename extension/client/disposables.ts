import type * as vscode from 'vscode';

/** One place to register disposables, so nothing created by the extension outlives it. */
export function track<T extends vscode.Disposable>(context: vscode.ExtensionContext, disposable: T): T {
  context.subscriptions.push(disposable);
  return disposable;
}

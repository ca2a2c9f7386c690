import * as vscode from 'vscode';

/** Waits until `probe` returns a value (not undefined/false), polling on a short interval, up to `limitMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

export function faultlineDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'faultline');
}

export function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/**
 * Asks the runner (scripts/test-vscode.mjs, on the browser side) for a screenshot of the workbench as it is
 * now, and waits until it is taken: the runner answers by writing a marker file into the workspace.
 */
export async function screenshot(name: string): Promise<void> {
  if (!(await hasBrowserRunner())) return;
  const done = vscode.Uri.joinPath(workspaceFile('.screenshots'), `${name}.done`);
  console.log(`FAULTLINE_SCREENSHOT ${name}`);
  await until(`the screenshot ${name}`, async () => {
    try {
      await vscode.workspace.fs.stat(done);
      return true;
    } catch {
      return undefined;
    }
  });
}

/** Whether scripts/test-vscode.mjs drives this run from the browser side (not so under @vscode/test-electron). */
export async function hasBrowserRunner(): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(workspaceFile('.faultline-runner'));
    return true;
  } catch {
    return false;
  }
}

let uiActions = 0;

/**
 * Asks the runner's browser side (scripts/ui-actions.mjs) to do what a user does — pick in a quick pick, click a
 * code lens or a notification button, press keys in a webview, resize the window — and waits until it is done.
 * Only with the browser runner (check `hasBrowserRunner()` first).
 */
export async function ui(action: 'pick' | 'codelens' | 'notificationButton' | 'timelineKeys' | 'viewport', arg: unknown): Promise<void> {
  const id = `ui-${++uiActions}`;
  console.log(`FAULTLINE_UI ${id} ${action} ${JSON.stringify(arg)}`);
  const marker = (suffix: string) => vscode.Uri.joinPath(workspaceFile('.ui'), `${id}.${suffix}`);
  const failure = await until(`the UI action ${action} ${JSON.stringify(arg)}`, async () => {
    for (const [suffix, failed] of [['done', false], ['failed', true]] as const) {
      try {
        const bytes = await vscode.workspace.fs.readFile(marker(suffix));
        return { failed, message: new TextDecoder().decode(bytes) };
      } catch {
        // not yet
      }
    }
    return undefined;
  });
  if (failure.failed) throw new Error(`the UI action ${action} failed: ${failure.message}`);
}

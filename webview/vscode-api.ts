/*
 * The webview's one handle on the editor: `acquireVsCodeApi()` may be called once per page, so both bundles take
 * it from here (each bundle is its own page).
 */

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();

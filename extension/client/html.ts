/** Escapes text for an HTML attribute or element (the webview pages' few host-written strings). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface WebviewPage {
  webview: { cspSource: string; asWebviewUri(uri: import('vscode').Uri): import('vscode').Uri };
  script: import('vscode').Uri;
  style: import('vscode').Uri;
  title: string;
  /**
   * A worker script the page starts (the diagram's layout worker). A webview cannot start a worker from its
   * resource origin, so the page starts a blob that imports it: the CSP then allows blob workers and scripts from
   * the extension's own resources, nothing more.
   */
  worker?: import('vscode').Uri;
  /** `data-*` attributes of the body (the diagram keeps its document's uri there). */
  data?: Record<string, string>;
}

/**
 * A webview's page: its stylesheet and script from the extension's dist/webview, a CSP that allows nothing else
 * (the script by a fresh nonce), and an empty #app the bundle draws into.
 */
export function webviewHtml(page: WebviewPage, nonce: string): string {
  const { webview } = page;
  const scripts = page.worker ? `script-src 'nonce-${nonce}' ${webview.cspSource}` : `script-src 'nonce-${nonce}'`;
  const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, scripts, ...(page.worker ? ['worker-src blob:'] : [])].join('; ');
  const attributes = { ...page.data, ...(page.worker ? { 'layout-worker': webview.asWebviewUri(page.worker).toString() } : {}) };
  const data = Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(webview.asWebviewUri(page.style).toString())}">
<title>${escapeHtml(page.title)}</title>
</head>
<body${data}>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(webview.asWebviewUri(page.script).toString())}"></script>
</body>
</html>`;
}

import { DEFAULT_COLORS, type StylesheetColors } from '../diagram/render-svg';

/*
 * Export helpers of the diagram webview: the colours the panel shows right now (for the stylesheet a standalone
 * file embeds) and SVG → PNG through a canvas.
 */

/** The stylesheet of an exported file: the default classes with the colours the panel shows right now. */
const THEME_VARIABLES: Partial<Record<keyof typeof DEFAULT_COLORS, string>> = {
  font: '--vscode-font-family',
  background: '--vscode-editor-background',
  foreground: '--vscode-editor-foreground',
  muted: '--vscode-descriptionForeground',
  containerFill: '--vscode-editorWidget-background',
  containerStroke: '--vscode-widget-border',
  zoneFill: '--vscode-editor-background',
  nodeFill: '--vscode-editor-background',
  nodeStroke: '--vscode-editorWidget-border',
  accent: '--vscode-charts-blue',
  store: '--vscode-charts-purple',
  queue: '--vscode-charts-yellow',
  cluster: '--vscode-charts-green',
  flow: '--vscode-charts-orange',
  edge: '--vscode-descriptionForeground',
  error: '--vscode-editorError-foreground',
  warning: '--vscode-editorWarning-foreground',
  info: '--vscode-editorInfo-foreground',
  focus: '--vscode-focusBorder',
};

/** Colour values may only be plain CSS tokens: anything with markup or rule-breaking characters is ignored. */
const SAFE_CSS_VALUE = /^[#\w\s.,%()'"-]{1,200}$/;

export function currentColors(): StylesheetColors {
  const style = getComputedStyle(document.body);
  const colors: StylesheetColors = {};
  for (const [key, variable] of Object.entries(THEME_VARIABLES) as [keyof typeof DEFAULT_COLORS, string][]) {
    const value = style.getPropertyValue(variable).trim();
    if (value && SAFE_CSS_VALUE.test(value)) colors[key] = value;
  }
  return colors;
}

/** Draws the standalone SVG on a canvas at 2× and returns a PNG data URL. */
export function svgToPng(svg: string, width: number, height: number): Promise<string> {
  const scale = 2;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const c = document.createElement('canvas');
      c.width = Math.ceil(width * scale);
      c.height = Math.ceil(height * scale);
      const ctx = c.getContext('2d');
      if (!ctx) {
        reject(new Error('no 2d canvas'));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, width, height);
      resolve(c.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the SVG could not be drawn'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

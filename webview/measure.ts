import { useTextMeasure } from '../diagram/layout';

/*
 * Real text widths for the diagram's boxes: a canvas measures each label in the font the panel draws it in (the
 * editor's, from --vscode-font-family), so no name runs past its box, whatever the user's font. Memoized and
 * bounded: a design has a few thousand distinct labels at most.
 */

const MAX_CACHED = 20_000;

export function measureInPanelFont(): void {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return; // no canvas: the estimate stays
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const cache = new Map<string, number>();
  useTextMeasure((text, fontSize, bold) => {
    const key = `${bold ? 'b' : 'r'}${fontSize}|${text}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    // The renderer draws names at weight 600; the canvas's `bold` (700) is a shade wider, which errs on the roomy side.
    context.font = `${bold ? 'bold ' : ''}${fontSize}px ${family}`;
    const width = context.measureText(text).width;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, width);
    return width;
  });
}

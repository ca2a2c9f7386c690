import { layoutDiagram, useTextMeasure } from '../diagram/layout';
import type { FromWorker, ToWorker } from './layout-protocol';

/*
 * The diagram's layout worker: elkjs runs here, off the page's thread, so panning, zooming and the toolbar stay
 * responsive while a large design is laid out. One worker serves the panel for its lifetime (elkjs is loaded and
 * compiled once: the worker stays warm between renders). Labels are measured with an OffscreenCanvas in the
 * panel's font, as webview/measure.ts does on the page, so boxes come out the same size.
 */

const MAX_CACHED = 20_000;

interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

function measureIn(fontFamily: string): void {
  if (typeof OffscreenCanvas === 'undefined') return; // the estimate stays
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  if (!context) return;
  const cache = new Map<string, number>();
  useTextMeasure((text, fontSize, bold) => {
    const key = `${bold ? 'b' : 'r'}${fontSize}|${text}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    context.font = `${bold ? 'bold ' : ''}${fontSize}px ${fontFamily}`;
    const width = context.measureText(text).width;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, width);
    return width;
  });
}

scope.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type === 'init') {
    measureIn(m.fontFamily);
    return;
  }
  if (m.type !== 'layout') return;
  layoutDiagram(m.diagram, m.options).then(
    (layout) => scope.postMessage({ type: 'done', id: m.id, layout }),
    (error: unknown) => scope.postMessage({ type: 'failed', id: m.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
scope.postMessage({ type: 'ready' });

import type { DiagramLayout, LayoutOptions } from '../diagram/layout';
import type { DiagramModel } from '../diagram/model';

/*
 * Messages between the diagram page and its layout worker (webview/layout-worker.ts). Both ends are this
 * extension's own bundles, so a shape check is enough: nothing here comes from the document or the host.
 */

export interface LayoutInit {
  type: 'init';
  /** The panel's font family: the worker measures labels with it, as the page would. */
  fontFamily: string;
}

export interface LayoutJob {
  type: 'layout';
  id: number;
  diagram: DiagramModel;
  options: LayoutOptions & { collapsed?: string[] };
}

export type ToWorker = LayoutInit | LayoutJob;

export type FromWorker = { type: 'ready' } | { type: 'done'; id: number; layout: DiagramLayout } | { type: 'failed'; id: number; message: string };

export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { type?: unknown; id?: unknown };
  if (m.type === 'ready') return true;
  return (m.type === 'done' || m.type === 'failed') && typeof m.id === 'number';
}

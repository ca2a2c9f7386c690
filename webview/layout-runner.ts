import { layoutDiagram, type DiagramLayout, type LayoutOptions } from '../diagram/layout';
import type { DiagramModel } from '../diagram/model';
import { isFromWorker, type FromWorker, type ToWorker } from './layout-protocol';

/*
 * Lays diagrams out in the layout worker (webview/layout-worker.ts), started once and kept for the panel's
 * lifetime. A webview may not start a worker from its resource URL (another origin), so the worker is a tiny blob
 * that imports the bundle; the panel's CSP allows exactly that (extension/client/html.ts). If the worker cannot
 * start or dies, layout falls back to the page's thread, which gives the same result, only less smoothly.
 */

export type LayoutFn = (diagram: DiagramModel, options: LayoutOptions) => Promise<DiagramLayout>;

/** Where the last layout ran: shown to tests on the body (`data-layout-in`). */
export type LayoutPlace = 'worker' | 'page';

export function layoutRunner(workerScript: string | undefined, fontFamily: string, ran: (where: LayoutPlace) => void = () => {}): LayoutFn {
  let worker: Worker | undefined;
  let broken = workerScript === undefined || typeof Worker === 'undefined';
  let nextId = 0;
  const pending = new Map<number, { resolve: (l: DiagramLayout) => void; reject: (e: Error) => void; diagram: DiagramModel; options: LayoutOptions }>();

  const inPage: LayoutFn = async (diagram, options) => {
    const layout = await layoutDiagram(diagram, options);
    ran('page');
    return layout;
  };
  const giveUp = () => {
    broken = true;
    worker?.terminate();
    worker = undefined;
    // Whatever was waiting is laid out here instead.
    for (const job of pending.values()) inPage(job.diagram, job.options).then(job.resolve, job.reject);
    pending.clear();
  };
  const start = (): Worker | undefined => {
    if (broken) return undefined;
    if (worker) return worker;
    try {
      const boot = new Blob([`importScripts(${JSON.stringify(new URL(workerScript!, location.href).href)});`], { type: 'text/javascript' });
      worker = new Worker(URL.createObjectURL(boot));
    } catch {
      broken = true;
      return undefined;
    }
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      giveUp();
    });
    worker.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (!isFromWorker(e.data)) return;
      const m: FromWorker = e.data;
      if (m.type === 'ready') return;
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      if (m.type === 'done') {
        ran('worker');
        job.resolve(m.layout);
      } else job.reject(new Error(m.message));
    });
    const init: ToWorker = { type: 'init', fontFamily };
    worker.postMessage(init);
    return worker;
  };
  return (diagram, options) => {
    const w = start();
    if (!w) return inPage(diagram, options);
    return new Promise<DiagramLayout>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject, diagram, options });
      const job: ToWorker = { type: 'layout', id, diagram, options: { ...options, collapsed: options.collapsed ? [...options.collapsed] : undefined } };
      try {
        w.postMessage(job);
      } catch {
        // The model cannot be cloned (it always can: it is JSON): lay it out here.
        pending.delete(id);
        inPage(diagram, options).then(resolve, reject);
      }
    });
  };
}

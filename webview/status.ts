import type { DiagramModel } from '../diagram/model';
import type { SimOverlay } from '../diagram/timeline';

/*
 * The toolbar's status line: what the diagram shows (everything, or one element's neighbourhood), the zone-loss
 * view's verdict and the simulated instant. Plain text (the caller puts it in `textContent`).
 */

export interface StatusLine {
  text: string;
  /** The longer explanation (the element's `title`). */
  title: string;
  /** Something is wrong in what is shown: a zone lost. */
  alert: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function simText(sim: SimOverlay): string {
  const named = (status: 'down' | 'degraded') => sim.elements.filter((e) => e.status === status).map((e) => e.name);
  const down = named('down');
  const degraded = named('degraded');
  const lost = sim.elements.reduce((n, e) => n + e.lostWrites, 0);
  const parts = [`simulation seed ${sim.seed} at t=${Math.round(sim.atMs) / 1000}s`];
  if (down.length > 0) parts.push(`down: ${down.join(', ')}`);
  if (degraded.length > 0) parts.push(`degraded: ${degraded.join(', ')}`);
  if (sim.zonesDown.length > 0) parts.push(`zones down: ${sim.zonesDown.join(', ')}`);
  if (sim.partitioned.length > 0) parts.push(`cut off: ${sim.partitioned.join(', ')}`);
  if (lost > 0) parts.push(plural(lost, 'lost write'));
  return parts.join('; ');
}

export function statusLine(diagram: DiagramModel, shown: DiagramModel, view: { zoneLoss: string | null; focus: string | null; sim: SimOverlay | null }): StatusLine {
  const lost = view.zoneLoss === null ? undefined : diagram.zoneLoss.find((z) => z.zone === view.zoneLoss);
  const sim = view.sim ? ` · ${simText(view.sim)}` : '';
  if (lost) {
    const down = lost.down.map((d) => d.name).join(', ') || 'nothing';
    const entries = lost.affectedEntryPoints.map((a) => a.entry).join(', ') || 'none';
    const overloaded = lost.overloaded?.length ? `; over capacity: ${lost.overloaded.map((o) => o.name).join(', ')}` : '';
    const title = [
      ...lost.down.map((d) => `${d.name}: ${d.reason}`),
      ...(lost.overloaded ?? []).map((o) => `${o.name}: ${Math.round(o.capacity)} req/s left, below its peak load of ${Math.round(o.load)} req/s`),
    ].join('\n');
    return { text: `If zone ${lost.zone} fails — down: ${down}; entry points affected: ${entries}${overloaded}${sim}`, title, alert: true };
  }
  if (view.focus !== null) {
    const neighbours = shown.nodes.length - 1;
    return { text: `Focus: ${view.focus} and ${plural(neighbours, 'neighbour')} · Esc shows all${sim}`, title: `${plural(diagram.nodes.length, 'element')} in the design`, alert: false };
  }
  return { text: `${plural(diagram.nodes.length, 'element')} · ${plural(diagram.edges.length, 'relation')}${sim}`, title: '', alert: false };
}

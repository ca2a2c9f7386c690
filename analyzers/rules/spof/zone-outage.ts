import type { RelatedInformation } from '../../../language/diagnostic';
import { reachStoppedMessage } from '../../analysis/graph';
import { zoneLoss } from '../../analysis/zone-loss';
import { zoneGroups } from '../../analysis/zones';
import type { Rule } from '../types';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const zoneOutage: Rule = {
  id: 'spof/zone-outage',
  severity: 'warning',
  description: 'Losing one zone leaves some entry point unable to complete a synchronous path.',
  check({ model, report }) {
    let stopped: { steps: number } | undefined;
    // Declared regions, or the anonymous region of a file that names zones without regions (reported where each zone is first named).
    for (const group of zoneGroups(model)) {
      for (const [zone, range] of group.sites) {
        const atom = { text: zone, range };
        const loss = zoneLoss(model, atom.text);
        stopped ??= loss.stopped;
        if (loss.affectedEntryPoints.length === 0) continue;
        const dies = loss.down.map((d) =>
          d.unplaced ? `${d.element} (no zones declared: assumed in ${atom.text})`
          : d.liveReplicas === 0 ? `${d.element} (${d.totalReplicas}/${d.totalReplicas} replicas)`
          : `${d.element} (${d.reason})`,
        );
        const entries = loss.affectedEntryPoints.map((a) => (a.via.length > 1 ? `${a.entry} (via ${a.via.join(' → ')})` : a.entry));
        const related: RelatedInformation[] = [];
        for (const d of loss.down) {
          const e = model.elements.get(d.element);
          if (!e) continue;
          const why =
            d.unplaced ? `\`${d.element}\` declares no zones, so all its replicas may be in ${atom.text} (declare \`zones\` to show otherwise)`
            : d.liveReplicas === 0 ? `every replica of \`${d.element}\` is in ${atom.text}`
            : `\`${d.element}\`: ${d.reason}`;
          related.push({ message: `down when ${atom.text} is lost: ${why}`, range: e.nameRange });
        }
        report({
          range: atom.range,
          message: `Losing zone ${atom.text} takes down ${dies.join(', ')}; entry points affected: ${entries.join(', ')}. Spread these replicas over more zones (and keep a majority of any consensus group outside each zone)`,
          related,
        });
      }
    }
    // At the top of the file, so the per-rule cap on findings (first ones in reading order) always keeps it.
    if (stopped) report({ range: START, severity: 'info', message: reachStoppedMessage(stopped.steps, 'entry points cut off by the loss of a zone') });
  },
};

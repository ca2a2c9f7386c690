import type { Rule } from '../types';
import { CRITICAL_CATEGORIES } from '../../../language/vocabulary/enums';
import { providedConsistency, rank, show } from '../consistency/levels';

const CRITICAL = new Set<string>(CRITICAL_CATEGORIES);
const SEQUENTIAL = rank('sequential');

export const criticalDataNotStrong: Rule = {
  id: 'cap/critical-data-not-strong',
  severity: 'error',
  description: 'A store holds critical data (money, inventory, bookings, identity, locks) with consistency weaker than sequential, or as cap AP.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store') continue;
      const critical = store.holds.filter((h) => CRITICAL.has(h));
      if (critical.length === 0) continue;
      const holds = store.props.statement('holds')!;
      const holdsAtom = holds.atoms.find((a) => a.text === critical[0]) ?? holds;
      const related = [{ message: `holds ${critical.join(', ')}`, range: holdsAtom.range }];
      const what = critical.join(', ');
      if (store.cap === 'AP') {
        report({
          range: store.props.statement('cap')!.range,
          message: `\`${store.name}\` holds ${what} but is \`cap AP\`: under a partition both sides keep accepting writes, so the same balance or seat can be spent twice and one side's writes are discarded on merge; make it CP`,
          related,
        });
        continue;
      }
      const provided = providedConsistency(store);
      if (rank(provided.consistency.level) <= SEQUENTIAL) continue;
      const declared = store.props.statement('consistency');
      const source = declared ? `declares \`consistency ${show(provided.consistency)}\`` : `provides ${show(provided.consistency)} (${provided.why}; no consistency declared)`;
      report({
        range: declared?.range ?? holdsAtom.range,
        message: `\`${store.name}\` holds ${what} but ${source}, weaker than sequential: two clients can read the same stale balance or stock and both act on it (double spend, oversell); use sequential or linearizable consistency`,
        related: declared ? related : undefined,
      });
    }
  },
};

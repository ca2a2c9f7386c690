import type { Rule } from '../types';

export const noLagBudget: Rule = {
  id: 'cqrs/no-lag-budget',
  severity: 'warning',
  description: 'A CQRS projection that does not say how far behind its source it may fall.',
  check({ model, report }) {
    for (const projection of model.elements.values()) {
      if (projection.kind !== 'projection' || projection.props.has('lag-budget')) continue;
      const source = projection.source ? model.elements.get(projection.source) : undefined;
      // An async consumer between source and read model: name the hop the lag accrues on when there is one.
      const path = source ? `\`${source.name}\` (${source.kind}) → \`${projection.name}\`` : `the source → \`${projection.name}\``;
      report({
        range: projection.nameRange,
        message:
          `projection \`${projection.name}\` has no \`lag-budget\`: it is updated asynchronously along ${path}, so readers see data some time behind the writes, ` +
          `and with no budget nobody can alert on lag or tell a user when a read-your-writes path is needed; declare \`lag-budget D\``,
        ...(source ? { related: [{ message: `the projection's source \`${source.name}\``, range: projection.props.statement('source')?.range ?? source.nameRange }] } : {}),
      });
    }
  },
};

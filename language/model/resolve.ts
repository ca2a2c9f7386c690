import type { Diagnostic } from '../diagnostic';
import { didYouMean } from '../suggest';
import type { ElementKind } from '../vocabulary/property';
import type { Bag } from './read-block';
import type { Named } from './read-value';
import { entryPointNames, isConsensusGroup, majority } from './semantics';
import type { ArchModel, Cluster, Element, Queue, Store } from './types';

/** Kinds a `call`, `action` or `compensate` may target: things that serve requests. */
const CALLABLE: readonly ElementKind[] = ['service', 'external', 'gateway', 'store', 'cache', 'queue', 'cluster'];

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function kindsText(kinds: readonly string[]): string {
  if (kinds.length === 1) return article(kinds[0]!);
  return `${kinds.slice(0, -1).map(article).join(', ')} or ${article(kinds[kinds.length - 1]!)}`;
}

/** Binds every name to what it names: elements, operations, zones. Reports `reference` errors, and `schema` errors that need two properties. */
export function resolveReferences(model: ArchModel, report: (d: Diagnostic) => void): void {
  const names = [...model.elements.keys()];
  const checkElement = (ref: Named, kinds: readonly ElementKind[], property: string): Element | undefined => {
    const target = model.elements.get(ref.name);
    if (!target) {
      report({
        rule: 'reference',
        severity: 'error',
        message: `\`${ref.name}\` is not declared${didYouMean(ref.name, names.filter((n) => kinds.includes(model.elements.get(n)!.kind)))}`,
        range: ref.range,
      });
      return undefined;
    }
    if (!kinds.includes(target.kind)) {
      report({
        rule: 'reference',
        severity: 'error',
        message: `\`${property}\` expects ${kindsText(kinds)}; \`${ref.name}\` is ${article(target.kind)}`,
        range: ref.range,
        related: [{ message: `\`${ref.name}\` is declared here`, range: target.nameRange }],
      });
      return undefined;
    }
    return target;
  };

  const checkTarget = (ref: Named, property: string) => {
    const [elementName = '', operation] = ref.name.split('.');
    const elementRange = { start: ref.range.start, end: { line: ref.range.start.line, character: ref.range.start.character + elementName.length } };
    const target = checkElement({ name: elementName, range: elementRange }, CALLABLE, property);
    if (!target || operation === undefined) return;
    const ops = 'operations' in target ? target.operations : undefined;
    // Declaring operations is optional; once an element declares some, a call must name one of them.
    if (ops && ops.size > 0 && !ops.has(operation)) {
      report({
        rule: 'reference',
        severity: 'error',
        message: `\`${elementName}\` has no operation \`${operation}\`${didYouMean(operation, ops.keys()) || `; it declares ${[...ops.keys()].join(', ')}`}`,
        range: { start: { line: ref.range.start.line, character: elementRange.end.character + 1 }, end: ref.range.end },
        related: [{ message: `\`${elementName}\` is declared here`, range: target.nameRange }],
      });
    }
  };

  const hasRegions = model.regions.size > 0;
  const zoneNames = [...model.zoneRegion.keys()];

  const walk = (bag: Bag, owner: Element) => {
    for (const entries of bag.groups()) {
      for (const entry of entries) {
        const spec = entry.spec;
        if (!entry.invalid) {
          if ((spec.value === 'ref' || spec.value === 'ref-list') && spec.refKinds) {
            const refs = spec.value === 'ref' ? [entry.value as Named] : (entry.value as Named[]);
            for (const ref of refs) checkElement(ref, spec.refKinds, spec.name);
          } else if (spec.value === 'target') {
            checkTarget(entry.value as Named, spec.name);
          } else if (spec.value === 'target-list') {
            for (const ref of entry.value as Named[]) checkTarget(ref, spec.name);
          } else if (spec.value === 'zone-list' && owner.kind !== 'region' && hasRegions) {
            for (const zone of entry.value as Named[]) {
              if (!model.zoneRegion.has(zone.name)) {
                report({ rule: 'reference', severity: 'error', message: `zone \`${zone.name}\` is not declared in any region${didYouMean(zone.name, zoneNames) || `; declared zones: ${zoneNames.join(', ')}`}`, range: zone.range });
              }
            }
          }
        }
        if (entry.block) walk(entry.block, owner);
      }
    }
  };
  for (const element of model.elements.values()) walk(element.props as Bag, element);

  checkQuorumValues(model, report);
  checkOperationCalls(model, report);
  checkLoads(model, report);
}

/**
 * `operation NAME { calls TARGET[.OP], … }` (SPEC §5.1) selects among the service's own `call`s: each listed
 * target must be one the service calls (`calls T` any of its calls to T, `calls T.op` its calls to `T.op`), so the
 * call's timeout and retry policy is known. A target that is not declared at all is already a `reference` error.
 */
function checkOperationCalls(model: ArchModel, report: (d: Diagnostic) => void): void {
  for (const e of model.elements.values()) {
    if (e.kind !== 'service') continue;
    for (const op of e.operations.values()) {
      for (const oc of op.calls) {
        if (!model.elements.has(oc.target)) continue;
        const matches = e.calls.some((c) => c.target === oc.target && (oc.operation === undefined || c.operation === oc.operation));
        if (matches) continue;
        const label = oc.operation === undefined ? oc.target : `${oc.target}.${oc.operation}`;
        const made = [...new Set(e.calls.map((c) => (c.operation === undefined ? c.target : `${c.target}.${c.operation}`)))];
        report({
          rule: 'reference',
          severity: 'error',
          message: `operation \`${op.name}\` lists \`calls ${label}\`, but \`${e.name}\` has no \`call ${label}\`${didYouMean(label, made) || (made.length ? `; its calls: ${made.join(', ')}` : '; it declares no calls')} — declare the call (its timeout and retries) in \`${e.name}\``,
          range: oc.range,
          related: [{ message: `\`${e.name}\` is declared here`, range: e.nameRange }],
        });
      }
    }
  }
}

/**
 * `load` is the peak request rate arriving at an entry point (SPEC §5.1): on any other deployable it would be
 * silently ignored, so it is a `schema` error there. Entry points as semantics.ts `entryPointNames` defines them.
 */
function checkLoads(model: ArchModel, report: (d: Diagnostic) => void): void {
  let entries: Set<string> | undefined;
  for (const e of model.elements.values()) {
    if (!('placement' in e) || e.load === undefined) continue;
    entries ??= new Set(entryPointNames(model));
    if (entries.has(e.name)) continue;
    report({
      rule: 'schema',
      severity: 'error',
      message: `\`load\` is the peak request rate arriving at an entry point, and \`${e.name}\` is not one (entry points are gateways, elements marked \`entry\` and what clients call): mark it \`entry\`, or declare the load on the gateway or client it comes from`,
      range: e.props.statement('load')!.range,
    });
  }
}

/** Values that are only wrong together: a quorum larger than the replicas it is drawn from. */
function checkQuorumValues(model: ArchModel, report: (d: Diagnostic) => void): void {
  for (const e of model.elements.values()) {
    if (e.kind === 'store' || e.kind === 'queue' || e.kind === 'cluster') checkElectionQuorum(e, report);
    if (e.kind === 'queue') checkSyncFollowers(e, report);
    if (e.kind !== 'store') continue;
    for (const [prop, value] of [
      ['write-quorum', e.writeQuorum],
      ['read-quorum', e.readQuorum],
    ] as const) {
      if (value !== undefined && value > e.replicas) {
        report({
          rule: 'schema',
          severity: 'error',
          message: `\`${prop} ${value}\` exceeds the ${e.replicas} replica${e.replicas === 1 ? '' : 's'} of \`${e.name}\`: no ${prop === 'write-quorum' ? 'write' : 'read'} could ever succeed`,
          range: e.props.statement(prop)!.range,
        });
      }
    }
    checkSyncFollowers(e, report);
  }
}

function checkSyncFollowers(e: Store | Queue, report: (d: Diagnostic) => void): void {
  if (e.syncFollowers > e.replicas - 1 && e.props.has('sync-followers')) {
    report({
      rule: 'schema',
      severity: 'error',
      message: `\`sync-followers ${e.syncFollowers}\` needs at least ${e.syncFollowers + 1} replicas; \`${e.name}\` has ${e.replicas}`,
      range: e.props.statement('sync-followers')!.range,
    });
  }
}

/**
 * `election-quorum N` (SPEC §5.1): more votes than members can never elect; on a consensus group (raft, paxos,
 * zab, or a cluster's consensus) fewer than a majority is an error: consensus always needs a majority, and a
 * smaller quorum would let both sides of a partition elect a leader.
 */
function checkElectionQuorum(e: Store | Queue | Cluster, report: (d: Diagnostic) => void): void {
  const q = e.electionQuorum;
  if (q === undefined) return;
  const range = e.props.statement('election-quorum')!.range;
  const n = e.replicas;
  if (q > n) {
    report({
      rule: 'schema',
      severity: 'error',
      message: `\`election-quorum ${q}\` exceeds the ${n} replica${n === 1 ? '' : 's'} of \`${e.name}\`: no candidate could ever collect ${q} votes, so no leader would ever be elected`,
      range,
    });
    return;
  }
  const m = majority(n);
  if (isConsensusGroup(e) && q < m) {
    const protocol = e.kind === 'cluster' ? (e.consensus ? `consensus ${e.consensus}` : 'a cluster (taken to run consensus)') : `election ${e.election}`;
    report({
      rule: 'schema',
      severity: 'error',
      message: `\`election-quorum ${q}\` is below the majority of \`${e.name}\`'s ${n} members (${m}): ${protocol} always needs a majority — consensus elects and commits with ⌊N/2⌋ + 1 votes, and a smaller quorum would let both sides of a partition elect a leader; remove it or set it to ${m} or more`,
      range,
    });
  }
}

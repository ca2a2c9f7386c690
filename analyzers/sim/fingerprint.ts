import type { ArchModel, Element, Scenario } from '../../language/model/types';

/*
 * What a simulation's result depends on, as one string: the scenario's typed content, the target and every
 * element it names (transitively: a lock's backend and protected store, a saga's participants…), the zones and
 * the network. Source positions, comments and formatting are left out, so moving a declaration or editing an
 * unrelated element leaves a stored result current; changing anything the run reads makes it stale (the editor
 * marks or reruns it: extension/server/simulation.ts).
 */

/**
 * Keys that only say where something is written, not what it means; `props` is the syntax behind the typed fields
 * (the simulator reads only those: nothing in analyzers/sim reads `props`).
 */
const POSITIONAL = new Set(['statement', 'range', 'nameRange', 'document', 'props']);
/** Past any real design; the walk is bounded like every loop here. */
const MAX_ELEMENTS = 10_000;

function plain(value: unknown, seen: Set<object>, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 40 || seen.has(value)) return '…';
  seen.add(value);
  try {
    if (value instanceof Map) return [...value].map(([k, v]) => [plain(k, seen, depth + 1), plain(v, seen, depth + 1)]);
    if (value instanceof Set) return [...value].map((v) => plain(v, seen, depth + 1));
    if (Array.isArray(value)) return value.map((v) => plain(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (POSITIONAL.has(key) || key.endsWith('Range')) continue;
      const v = (value as Record<string, unknown>)[key];
      if (typeof v !== 'function') out[key] = plain(v, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The names of elements mentioned anywhere in `value` (any string equal to a declared name). */
function mentioned(value: unknown, names: ReadonlyMap<string, Element>, out: Set<string>): void {
  if (typeof value === 'string') {
    if (names.has(value)) out.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) mentioned(v, names, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) mentioned(v, names, out);
}

export function runFingerprint(model: ArchModel, scenario: Scenario): string {
  const included = new Map<string, unknown>();
  const queue = scenario.target !== undefined ? [scenario.target] : [];
  while (queue.length > 0 && included.size < MAX_ELEMENTS) {
    const name = queue.shift()!;
    const element = model.elements.get(name);
    if (!element || included.has(name) || element.kind === 'scenario') continue;
    const data = plain(element, new Set());
    included.set(name, data);
    const next = new Set<string>();
    mentioned(data, model.elements, next);
    for (const n of next) if (!included.has(n)) queue.push(n);
  }
  const { name: _name, ...scenarioData } = plain(scenario, new Set()) as Record<string, unknown>;
  return JSON.stringify({
    scenario: scenarioData,
    elements: [...included].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    zones: plain(model.zoneRegion, new Set()),
    network: plain(model.network, new Set()),
  });
}

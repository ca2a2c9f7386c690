import type { ArchModel } from '../../language/model/types';

/*
 * Analyses many rules share (entry points, reachability, who reads what) are computed once per model.
 * Keyed by the model object, so a new model (every keystroke) starts empty and the old cache is collected.
 */
const CACHE = new WeakMap<ArchModel, Map<string, unknown>>();

export function memo<T>(model: ArchModel, key: string, compute: () => T): T {
  let entries = CACHE.get(model);
  if (!entries) {
    entries = new Map();
    CACHE.set(model, entries);
  }
  if (entries.has(key)) return entries.get(key) as T;
  const value = compute();
  entries.set(key, value);
  return value;
}

import type { Access, ArchModel, Consume, Publish, Read, Service } from '../../language/model/types';
import { memo } from './memo';

/** Every `reads`/`writes`/`publishes`/`consumes`, indexed by the element it names, with the service that does it. */
export interface AccessIndex {
  reads: Map<string, { service: Service; access: Read }[]>;
  writes: Map<string, { service: Service; access: Access }[]>;
  publishes: Map<string, { service: Service; access: Publish }[]>;
  consumes: Map<string, { service: Service; access: Consume }[]>;
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function accessIndex(model: ArchModel): AccessIndex {
  return memo(model, 'access-index', () => {
    const index: AccessIndex = { reads: new Map(), writes: new Map(), publishes: new Map(), consumes: new Map() };
    for (const e of model.elements.values()) {
      if (e.kind !== 'service') continue;
      for (const access of e.reads) add(index.reads, access.target, { service: e, access });
      for (const access of e.writes) add(index.writes, access.target, { service: e, access });
      for (const access of e.publishes) add(index.publishes, access.target, { service: e, access });
      for (const access of e.consumes) add(index.consumes, access.target, { service: e, access });
    }
    return index;
  });
}

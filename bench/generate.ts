/**
 * Synthetic but realistic `.arch` documents of a given size: regions, services calling each other, stores,
 * queues and caches, about 10 lines per element. Deterministic (no randomness), so runs compare.
 */
export function generateArch(elements: number): string {
  const out: string[] = ['region us-east { zones use1-a, use1-b, use1-c }', ''];
  const { services, stores, queues } = archShape(elements);
  out.push('gateway edge {', '  replicas 3', '  zones use1-a, use1-b, use1-c', '  health-check 5s', '  rate-limit 1000', `  routes svc-0`, '}', '');
  for (let i = 0; i < services; i++) {
    const next = (i + 1) % services;
    out.push(
      `service svc-${i} "Service ${i}" {`,
      '  replicas 3',
      '  zones use1-a, use1-b, use1-c',
      '  health-check 5s',
      '  observability tracing, metrics, logs',
      `  operation get { idempotent }`,
      `  call svc-${next}.get {`,
      '    timeout 800ms',
      '    retry 1',
      '    backoff exponential 100ms..1s',
      '    jitter full',
      '  }',
      `  writes db-${i % stores}`,
      `  publishes q-${i % queues} { outbox }`,
      '}',
      '',
    );
  }
  for (let i = 0; i < stores; i++) {
    out.push(
      `store db-${i} {`,
      '  replicas 3',
      '  zones use1-a, use1-b, use1-c',
      '  replication leader-follower',
      '  sync-followers 1',
      '  failover automatic',
      '  election raft',
      '  election-timeout 150ms..300ms',
      '  heartbeat 50ms',
      '  fencing',
      '  consistency linearizable',
      '}',
      '',
    );
  }
  for (let i = 0; i < queues; i++) {
    out.push(`queue q-${i} {`, '  replicas 3', '  zones use1-a, use1-b, use1-c', '  delivery at-least-once', '  retention 7d', '}', '');
  }
  return out.join('\n');
}

/** How `generateArch` (and `generateLikeC4`, the same model) splits `elements`: one gateway, then services, stores, queues. */
export function archShape(elements: number): { services: number; stores: number; queues: number } {
  const services = Math.max(1, Math.floor(elements * 0.5));
  const stores = Math.max(1, Math.floor(elements * 0.3));
  const queues = Math.max(1, elements - services - stores - 1);
  return { services, stores, queues };
}

/**
 * The model of `generateArch(elements)` in LikeC4's language, for the likec4 peer (bench/likec4.bench.ts): a
 * specification of the four element kinds, then one `model` block with the same elements (same names, titles) and
 * the same relations — gateway → svc-0 (routes), svc-i → svc-(i+1) (the call), svc-i → db (writes), svc-i → queue
 * (publishes). What LikeC4 has no notion of (replicas, zones, timeouts, retries, election…) goes into `metadata`
 * blocks with the same values, so both files carry the same facts and a comparable amount of text.
 */
export function generateLikeC4(elements: number): string {
  const { services, stores, queues } = archShape(elements);
  const zones = `zones 'use1-a, use1-b, use1-c'`;
  const out: string[] = ['specification {', '  element gateway', '  element service', '  element store', '  element queue', '}', '', 'model {'];
  const meta = (indent: string, lines: string[]) => [`${indent}metadata {`, ...lines.map((l) => `${indent}  ${l}`), `${indent}}`];
  out.push(`  edge = gateway 'edge' {`, ...meta('    ', [`replicas '3'`, zones, `health_check '5s'`, `rate_limit '1000'`]), '  }', '');
  for (let i = 0; i < services; i++) {
    out.push(`  svc-${i} = service 'Service ${i}' {`, ...meta('    ', [`replicas '3'`, zones, `health_check '5s'`, `observability 'tracing, metrics, logs'`, `operations 'get (idempotent)'`]), '  }', '');
  }
  for (let i = 0; i < stores; i++) {
    out.push(
      `  db-${i} = store 'db-${i}' {`,
      ...meta('    ', [`replicas '3'`, zones, `replication 'leader-follower'`, `sync_followers '1'`, `failover 'automatic'`, `election 'raft'`, `election_timeout '150ms..300ms'`, `heartbeat '50ms'`, `fencing 'true'`, `consistency 'linearizable'`]),
      '  }',
      '',
    );
  }
  for (let i = 0; i < queues; i++) out.push(`  q-${i} = queue 'q-${i}' {`, ...meta('    ', [`replicas '3'`, zones, `delivery 'at-least-once'`, `retention '7d'`]), '  }', '');
  out.push(`  edge -> svc-0 'routes'`);
  for (let i = 0; i < services; i++) {
    out.push(
      `  svc-${i} -> svc-${(i + 1) % services} 'get' {`,
      ...meta('    ', [`timeout '800ms'`, `retry '1'`, `backoff 'exponential 100ms..1s'`, `jitter 'full'`]),
      '  }',
      `  svc-${i} -> db-${i % stores} 'writes'`,
      `  svc-${i} -> q-${i % queues} 'publishes (outbox)'`,
    );
  }
  out.push('}', '');
  return out.join('\n');
}

/**
 * A design shaped like real ones, for the diagram benchmark: a gateway, services in tiers of ten where each
 * calls two services of the next tier, and per service a store and every fifth a queue. Call graphs of real
 * systems are shallow and acyclic; a ring (as in `generateArch`) makes a layered layout degenerate.
 */
export function generateTieredArch(nodes: number): string {
  const out: string[] = ['region us-east { zones use1-a, use1-b, use1-c }', ''];
  const services = Math.max(2, Math.floor((nodes - 1) / 2.2));
  const tier = 10;
  out.push('gateway edge {', '  replicas 3', '  zones use1-a, use1-b, use1-c', `  routes ${Array.from({ length: Math.min(tier, services) }, (_, i) => `svc-${i}`).join(', ')}`, '}', '');
  let emitted = 1;
  for (let i = 0; i < services && emitted < nodes; i++) {
    const next = (i - (i % tier)) + tier;
    const calls = [next + (i % tier), next + ((i + 1) % tier)].filter((t) => t < services);
    out.push(`service svc-${i} {`, '  replicas 3', '  zones use1-a, use1-b, use1-c');
    for (const t of calls) out.push(`  call svc-${t} { timeout 800ms; retry 1; backoff exponential 100ms..1s; jitter full }`);
    out.push(`  writes db-${i}`);
    if (i % 5 === 0) out.push(`  publishes q-${i} { outbox }`);
    out.push('}', '');
    out.push(`store db-${i} { replicas 3; zones use1-a, use1-b, use1-c; replication leader-follower; sync-followers 1 }`, '');
    emitted += 2;
    if (i % 5 === 0 && emitted < nodes) {
      out.push(`queue q-${i} { replicas 3; zones use1-a, use1-b, use1-c }`, '');
      emitted++;
    }
  }
  return out.join('\n');
}

/**
 * About `bytes` of text: a chain of services (each calls the next) with no gateway and no `entry` marks, so
 * every service is an entry point (SPEC §2) and reachability runs from all of them. Well configured otherwise
 * (3 replicas over 3 zones, timeouts, tracing), so the findings stay few and the time is the analysis.
 */
export function generateEntryChain(bytes: number): string {
  const out: string[] = ['region us-east { zones use1-a, use1-b, use1-c }', ''];
  let size = out.join('\n').length;
  let i = 0;
  for (; size < bytes; i++) {
    const block = [
      `service svc-${i} {`,
      '  replicas 3',
      '  zones use1-a, use1-b, use1-c',
      '  health-check 5s',
      '  rate-limit 1000',
      '  observability tracing, metrics, logs',
      `  call svc-${i + 1} { timeout 800ms; retry 1; backoff exponential 100ms..1s; jitter full }`,
      '}',
      '',
    ].join('\n');
    out.push(block);
    size += block.length + 1;
  }
  // The last call names a service that does not exist yet: close the chain with a leaf.
  out.push(`service svc-${i} { replicas 3; zones use1-a, use1-b, use1-c; health-check 5s; rate-limit 1000; observability tracing, metrics, logs }`, '');
  return out.join('\n');
}

/**
 * `services` services with the default single replica, no zones and no region (so `spof/single-replica` has to
 * guess a region for each one from its neighbours), each calling the next; no gateway, so every one is an entry.
 */
export function generateUnplacedSingles(services: number): string {
  const out: string[] = [];
  for (let i = 0; i < services; i++) {
    const call = i + 1 < services ? `  call svc-${i + 1} { timeout 800ms }\n` : '';
    out.push(`service svc-${i} {\n  health-check 5s\n  rate-limit 100\n  observability tracing, metrics, logs\n${call}}\n`);
  }
  return out.join('\n');
}

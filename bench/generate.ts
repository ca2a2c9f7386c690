/**
 * Synthetic but realistic `.arch` documents of a given size: regions, services calling each other, stores,
 * queues and caches, about 10 lines per element. Deterministic (no randomness), so runs compare.
 */
export function generateArch(elements: number): string {
  const out: string[] = ['region us-east { zones use1-a, use1-b, use1-c }', ''];
  const services = Math.max(1, Math.floor(elements * 0.5));
  const stores = Math.max(1, Math.floor(elements * 0.3));
  const queues = Math.max(1, elements - services - stores - 1);
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

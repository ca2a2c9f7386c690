/** n services, each calling every later one with retries and no backoff: O(n²) findings of a few rules. */
export function denseMesh(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`service s${i} { operation op { idempotent }`, '  replicas 1');
    for (let j = i + 1; j < n; j++) lines.push(`  call s${j}.op { timeout 1s; retry 3 }`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

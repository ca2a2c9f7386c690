import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Color only for a person at a terminal: not when the output is piped or written to a file, not when
 * NO_COLOR is set (https://no-color.org), not with `--no-color`. FORCE_COLOR turns it on for CI logs.
 */
export function colorEnabled(isTTY: boolean, env: Record<string, string | undefined>, flag = true): boolean {
  if (!flag) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

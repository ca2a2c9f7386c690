import { doingNow, traceLine } from './trace';
import { ResponseError, type Connection } from 'vscode-languageserver/node.js';

/*
 * Every request and notification handler goes through `safe`: an exception (or a rejected promise) is logged to
 * the client's output channel and the handler answers with its empty result, so one bad document or one bug in a
 * feature never takes the server down. A `ResponseError` is an intended answer (rename refused) and passes through.
 */
export function safe<P extends unknown[], R>(
  connection: Connection,
  name: string,
  fallback: R,
  fn: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R | ResponseError<void>> {
  return async (...args: P) => {
    const started = performance.now();
    doingNow(name);
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof ResponseError) return e as ResponseError<void>;
      logError(connection, name, e);
      return fallback;
    } finally {
      const took = performance.now() - started;
      if (took > 100 || name === 'hover' || name === 'completion') traceLine(`request ${name} took ${took.toFixed(0)} ms`);
    }
  };
}

export function logError(connection: Connection, name: string, e: unknown): void {
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  try {
    connection.console.error(`faultline: ${name} failed: ${text}`);
  } catch {
    // The connection itself is gone; nothing left to tell.
  }
}

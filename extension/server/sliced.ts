/**
 * Runs work written as steps a slice at a time (about `sliceMs()` each), returning to the event loop between
 * slices so other requests are answered meanwhile; undefined when `cancelled()` says the answer is no longer
 * wanted (checked between slices).
 */
export function inSlices<T>(steps: Generator<void, T, void>, sliceMs: () => number, cancelled: () => boolean): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const slice = () => {
      if (cancelled()) {
        resolve(undefined);
        return;
      }
      const started = performance.now();
      const budget = sliceMs();
      try {
        for (;;) {
          const next = steps.next();
          if (next.done) {
            resolve(next.value);
            return;
          }
          if (performance.now() - started >= budget) break;
        }
      } catch (e) {
        reject(e);
        return;
      }
      setImmediate(slice);
    };
    slice();
  });
}

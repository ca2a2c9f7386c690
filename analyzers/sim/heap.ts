/*
 * The engine's event queue: a binary min-heap on (time, sequence number). The sequence number is the order of
 * `push`, so events due at the same instant come out in the order they were scheduled — never in the order of a
 * `Map`, a hash or a sort that is not stable (ARCHITECTURE.md, "Virtual time and one event queue").
 */

export interface Entry<T> {
  readonly time: number;
  readonly seq: number;
  readonly value: T;
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class Heap<T> {
  private readonly items: Entry<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, value: T): void {
    const items = this.items;
    items.push({ time, seq: this.nextSeq++, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  peek(): Entry<T> | undefined {
    return this.items[0];
  }

  pop(): Entry<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && before(items[l]!, items[m]!)) m = l;
      if (r < items.length && before(items[r]!, items[m]!)) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m]!, items[i]!];
      i = m;
    }
    return top;
  }
}

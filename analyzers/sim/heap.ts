/*
 * The engine's event queue: a binary min-heap on (time, sequence number). The sequence number is the order of
 * `push`, so events due at the same instant come out in the order they were scheduled — never in the order of a
 * `Map`, a hash or a sort that is not stable (ARCHITECTURE.md, "Virtual time and one event queue").
 *
 * Stored as parallel arrays — times and sequence numbers in Float64Arrays, values in a plain array — so a push or a
 * pop allocates nothing (the arrays double when full) and a sift moves numbers, not entry objects. A pushed entry
 * has the largest sequence number so far, so sifting it up compares times only.
 */

export interface Entry<T> {
  readonly time: number;
  readonly seq: number;
  readonly value: T;
}

const INITIAL = 64;

export class Heap<T> {
  private times = new Float64Array(INITIAL);
  private seqs = new Float64Array(INITIAL);
  private values: (T | undefined)[] = new Array<T | undefined>(INITIAL).fill(undefined);
  private n = 0;
  private nextSeq = 0;

  get size(): number {
    return this.n;
  }

  push(time: number, value: T): void {
    if (this.n === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const values = this.values;
    const seq = this.nextSeq++;
    let i = this.n++;
    // The new entry has the highest sequence number: it goes above a parent only when strictly earlier.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (!(pt > time)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      values[i] = values[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    values[i] = value;
  }

  /** The time of the next entry (Infinity when empty). */
  topTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  /** The next entry's value, removed (undefined when empty). Allocates nothing. */
  popValue(): T | undefined {
    const n = this.n;
    if (n === 0) return undefined;
    const values = this.values;
    const top = values[0];
    const last = n - 1;
    this.n = last;
    if (last === 0) {
      values[0] = undefined;
      return top;
    }
    const times = this.times;
    const seqs = this.seqs;
    const t = times[last]!;
    const s = seqs[last]!;
    const v = values[last];
    values[last] = undefined;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      let ct = times[c]!;
      let cs = seqs[c]!;
      const r = c + 1;
      if (r < last) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && seqs[r]! < cs)) {
          c = r;
          ct = rt;
          cs = seqs[r]!;
        }
      }
      if (t < ct || (t === ct && s < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      values[i] = values[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    values[i] = v;
    return top;
  }

  peek(): Entry<T> | undefined {
    if (this.n === 0) return undefined;
    return { time: this.times[0]!, seq: this.seqs[0]!, value: this.values[0] as T };
  }

  pop(): Entry<T> | undefined {
    const e = this.peek();
    if (e) this.popValue();
    return e;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    for (let i = this.values.length; i < cap; i++) this.values.push(undefined);
  }
}

/**
 * A sorted set that knows ranks: insert, delete, rank and the k-th element in O(log n) (expected),
 * in-order reads of the first k in O(log n + k). It is a treap (a binary search tree that is also a
 * heap on random priorities) whose nodes count their subtree. The moderation queue keeps its order
 * here: a hold lands on its place among 50,000 others without moving them (a sorted array's splice
 * moves half of them on average), and "is it on the console's page?" is a rank.
 *
 * `before(a, b)` is a strict total order on the elements (the queue breaks ties by id), so an
 * element is found by comparison alone. The priorities come from a seeded xorshift: the same
 * operations build the same tree.
 */
interface Node<T> {
  readonly v: T;
  p: number;
  /** Nodes in this subtree. */
  n: number;
  l: Node<T> | null;
  r: Node<T> | null;
}

const size = <T>(t: Node<T> | null): number => (t ? t.n : 0);

export class RankedSet<T> {
  #root: Node<T> | null = null;
  readonly #before: (a: T, b: T) => boolean;
  #seed: number;

  constructor(before: (a: T, b: T) => boolean, seed = 0x2545f491) {
    this.#before = before;
    this.#seed = seed | 0 || 1;
  }

  get size(): number {
    return size(this.#root);
  }

  /** Replaces the contents with `sorted` (already in order, no duplicates): a balanced tree in O(n log n). */
  reset(sorted: readonly T[]): void {
    const nodes: Node<T>[] = [];
    const build = (lo: number, hi: number): Node<T> | null => {
      if (lo >= hi) return null;
      const mid = (lo + hi) >>> 1;
      const node: Node<T> = { v: sorted[mid] as T, p: 0, n: hi - lo, l: null, r: null };
      node.l = build(lo, mid);
      node.r = build(mid + 1, hi);
      return node;
    };
    this.#root = build(0, sorted.length);
    // heap order on priorities: breadth first, parents before children, so parents get the larger ones
    if (this.#root) nodes.push(this.#root);
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i]!;
      if (x.l) nodes.push(x.l);
      if (x.r) nodes.push(x.r);
    }
    const prio = nodes.map(() => this.#rand()).sort((a, b) => b - a);
    for (let i = 0; i < nodes.length; i++) nodes[i]!.p = prio[i]!;
  }

  /** Inserts `x` (which must not be in the set); returns its rank (0: first). */
  insert(x: T): number {
    const node: Node<T> = { v: x, p: this.#rand(), n: 1, l: null, r: null };
    let rank = 0;
    // walk down while the new node's priority is lower than the subtree root's, counting what comes before
    let parent: Node<T> | null = null;
    let cur = this.#root;
    let goLeft = false;
    const path: Node<T>[] = [];
    while (cur && cur.p > node.p) {
      path.push(cur);
      parent = cur;
      goLeft = !this.#before(cur.v, x);
      if (goLeft) cur = cur.l;
      else {
        rank += size(cur.l) + 1;
        cur = cur.r;
      }
    }
    // the new node takes cur's place: cur splits into what comes before x and what comes after
    const [l, r] = this.#split(cur, x);
    node.l = l;
    node.r = r;
    node.n = 1 + size(l) + size(r);
    rank += size(l);
    if (!parent) this.#root = node;
    else if (goLeft) parent.l = node;
    else parent.r = node;
    for (const p of path) p.n++;
    return rank;
  }

  /** Removes `x`; returns the rank it had, or -1 when it was not in the set. */
  delete(x: T): number {
    const path: Node<T>[] = [];
    let cur = this.#root;
    let rank = 0;
    let parent: Node<T> | null = null;
    let wasLeft = false;
    while (cur) {
      if (this.#before(x, cur.v)) {
        path.push(cur);
        parent = cur;
        wasLeft = true;
        cur = cur.l;
      } else if (this.#before(cur.v, x)) {
        rank += size(cur.l) + 1;
        path.push(cur);
        parent = cur;
        wasLeft = false;
        cur = cur.r;
      } else break;
    }
    if (!cur) return -1;
    rank += size(cur.l);
    const merged = this.#merge(cur.l, cur.r);
    if (!parent) this.#root = merged;
    else if (wasLeft) parent.l = merged;
    else parent.r = merged;
    for (const p of path) p.n--;
    return rank;
  }

  /** The rank of `x`, or -1 when it is not in the set. */
  rank(x: T): number {
    let cur = this.#root;
    let rank = 0;
    while (cur) {
      if (this.#before(x, cur.v)) cur = cur.l;
      else if (this.#before(cur.v, x)) {
        rank += size(cur.l) + 1;
        cur = cur.r;
      } else return rank + size(cur.l);
    }
    return -1;
  }

  /** The element of rank `k`, or undefined past the end. */
  at(k: number): T | undefined {
    let cur = this.#root;
    if (k < 0 || k >= size(cur)) return undefined;
    while (cur) {
      const ls = size(cur.l);
      if (k < ls) cur = cur.l;
      else if (k === ls) return cur.v;
      else {
        k -= ls + 1;
        cur = cur.r;
      }
    }
    return undefined;
  }

  /** The first `k` elements in order. */
  head(k: number): T[] {
    const out: T[] = [];
    const stack: Node<T>[] = [];
    let cur = this.#root;
    while (out.length < k && (cur || stack.length)) {
      while (cur) {
        stack.push(cur);
        cur = cur.l;
      }
      const x = stack.pop()!;
      out.push(x.v);
      cur = x.r;
    }
    return out;
  }

  /** Every element in order. */
  toArray(): T[] {
    return this.head(this.size);
  }

  /** Splits `t` into the elements before `x` and the rest. */
  #split(t: Node<T> | null, x: T): [Node<T> | null, Node<T> | null] {
    if (!t) return [null, null];
    if (this.#before(t.v, x)) {
      const [l, r] = this.#split(t.r, x);
      t.r = l;
      t.n = 1 + size(t.l) + size(l);
      return [t, r];
    }
    const [l, r] = this.#split(t.l, x);
    t.l = r;
    t.n = 1 + size(r) + size(t.r);
    return [l, t];
  }

  /** Joins two treaps where every element of `a` comes before every element of `b`. */
  #merge(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (!a) return b;
    if (!b) return a;
    if (a.p > b.p) {
      a.r = this.#merge(a.r, b);
      a.n = 1 + size(a.l) + size(a.r);
      return a;
    }
    b.l = this.#merge(a, b.l);
    b.n = 1 + size(b.l) + size(b.r);
    return b;
  }

  /** xorshift32, as a number in [0, 1). */
  #rand(): number {
    let s = this.#seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.#seed = s;
    return (s >>> 0) / 4294967296;
  }
}

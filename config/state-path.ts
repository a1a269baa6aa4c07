/**
 * Typed paths into a state tree: the hub's patches address the control state by path
 * (['overlay', 'banner'], ['queue', itemId], ['userContext', userId, 'recent']), and these types
 * make a wrong key or a value of the wrong shape a compile error instead of a broken console.
 *
 * - `StatePath<S>`: every path into S up to four keys deep. A record's key is any string; arrays
 *   and primitives are leaves (they are set whole).
 * - `ValueAt<S, P>`: the type found at path P (null and undefined parents are looked through).
 *
 * Example: with `S = { overlay: { banner: Banner | null }; queue: Record<string, Item> }`,
 * `StatePath<S>` is `['overlay'] | ['overlay', 'banner'] | ['queue'] | ['queue', string]`, and
 * `ValueAt<S, ['queue', string]>` is `Item`.
 */

type Depth = [never, 0, 1, 2, 3];

export type StatePath<S, D extends number = 4> = [D] extends [never]
  ? never
  : S extends readonly unknown[]
    ? never
    : S extends object
      ? { [K in keyof S & string]: [K] | [K, ...StatePath<NonNullable<S[K]>, Depth[D]>] }[keyof S & string]
      : never;

export type ValueAt<S, P extends readonly unknown[]> = P extends readonly [infer K, ...infer R]
  ? K extends keyof NonNullable<S>
    ? ValueAt<NonNullable<S>[K], R>
    : never
  : S;

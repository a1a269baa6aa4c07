/** A benchmark plug-in: prints human lines through `log` and returns its JSON figures (stable keys). */
export interface BenchContext {
  /** 200,000 mixed English/Chinese chat lines built from the demo transcript. */
  readonly corpus: () => Promise<readonly import('../config/chat.js').ChatMessage[]>;
  readonly log: (line: string) => void;
  readonly quick: boolean;
  /** `--overload-s N`: how long the overload runs (bench/ingest.ts; default 20 s, 10 with --quick). */
  readonly overloadSeconds?: number;
}

export type BenchFigures = Record<string, number | string | boolean | null>;
export type BenchPlugin = (ctx: BenchContext) => Promise<BenchFigures>;

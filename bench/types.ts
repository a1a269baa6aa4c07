/** A benchmark plug-in: prints human lines through `log` and returns its JSON figures (stable keys). */
export interface BenchContext {
  /** 200,000 mixed English/Chinese chat lines built from the demo transcript. */
  readonly corpus: () => Promise<readonly import('../config/chat.js').ChatMessage[]>;
  readonly log: (line: string) => void;
  readonly quick: boolean;
}

export type BenchFigures = Record<string, number | string | null>;
export type BenchPlugin = (ctx: BenchContext) => Promise<BenchFigures>;

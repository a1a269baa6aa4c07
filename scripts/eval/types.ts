/** Shapes shared by the evaluation command's per-set scorers. */
export interface Row {
  readonly id: string;
  readonly text: string;
  readonly label: string;
  readonly [extra: string]: unknown;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  n: number;
}

/** One set's result as printed by `npm run eval -- --json`. */
export interface SetResult extends Prf {
  baselines?: Record<string, Prf>;
  cross_validated?: boolean;
  [extra: string]: unknown;
}

export interface EvalContext {
  /** All sets found under --data, by folder name, for scorers that need other sets (copypasta negatives). */
  readonly sets: ReadonlyMap<string, readonly Row[]>;
  readonly progress: (msg: string) => void;
}

export type Evaluator = (rows: readonly Row[], ctx: EvalContext) => Promise<SetResult> | SetResult;

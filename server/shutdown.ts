/**
 * The app's stop steps, in phases: inputs first (what was accepted is handed on), then clients,
 * then servers, then the store. Each part registers its own step where it is built, so adding a
 * part is one line; close() runs every step once, in phase order, then registration order.
 */
export const PHASES = ['inputs', 'clients', 'servers', 'store'] as const;
export type Phase = (typeof PHASES)[number];

export class Shutdown {
  readonly #steps: { phase: Phase; step: () => void | Promise<void> }[] = [];
  #run: Promise<void> | null = null;

  add(phase: Phase, step: () => void | Promise<void>): void {
    this.#steps.push({ phase, step });
  }

  /**
   * Runs the steps (once; later calls get the same promise). A failing step does not stop the
   * others (the store still closes); the first failure is thrown once all have run.
   */
  run(): Promise<void> {
    this.#run ??= (async () => {
      const failures: unknown[] = [];
      for (const phase of PHASES) {
        for (const s of this.#steps) {
          if (s.phase !== phase) continue;
          try {
            await s.step();
          } catch (err) {
            failures.push(err);
          }
        }
      }
      if (failures.length) throw failures[0];
    })();
    return this.#run;
  }
}

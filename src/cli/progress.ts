/**
 * A progress line on a terminal's stderr, for runs over a few seconds: shown only after a delay,
 * redrawn at most a few times a second, erased at the end.
 */
export interface ProgressOptions {
  write: (text: string) => void;
  now?: () => number;
  /** Show nothing until the run has taken this long. */
  delayMs?: number;
  intervalMs?: number;
}

export class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  update(done: number, total: number, phase: string): void {
    const t = this.now();
    if (t - this.start < (this.options.delayMs ?? 2000)) return;
    if (this.drawn && t - this.lastDraw < (this.options.intervalMs ?? 100) && done !== total) return;
    this.lastDraw = t;
    this.drawn = true;
    this.options.write(`\r\u001b[2Klambda-lint: ${phase} ${done}/${total} files`);
  }

  done(): void {
    if (this.drawn) this.options.write('\r\u001b[2K');
  }
}

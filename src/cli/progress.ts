/**
 * Progress reporting for long operator commands (seed, reindex). On a terminal: one bar redrawn
 * in place on stderr. Otherwise (a pipe, a CI log): plain lines, one per 10% step and one at the
 * end, so logs stay readable. Progress never goes to stdout, which is kept for results.
 */

export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** What is being counted, e.g. "seed" or "reindex". */
  label: string;
  total: number;
  /** Default: process.stderr. */
  stream?: ProgressStream;
  /** Override the terminal detection (tests). */
  tty?: boolean;
  /** Milliseconds between redraws of the bar on a terminal. Default 100. */
  redrawMs?: number;
  /** Default: Date.now. */
  now?: () => number;
}

export interface Progress {
  /** Report that `done` of `total` items are finished (monotonic; smaller values are ignored). */
  update(done: number): void;
  /** Draw the final state and end the line. Safe to call more than once. */
  finish(): void;
}

const BAR_WIDTH = 30;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** "[#########---------]  45%  45,000/100,000  1,234/s  eta 10s" */
export function renderBar(label: string, done: number, total: number, elapsedMs: number, width = BAR_WIDTH): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 && done < total ? `  eta ${formatDuration(((total - done) / rate) * 1000)}` : '';
  const n = (x: number) => x.toLocaleString('en-US');
  return `${label} [${bar}] ${pct}  ${n(done)}/${n(total)}  ${n(Math.round(rate))}/s  ${formatDuration(elapsedMs)}${eta}`;
}

export function createProgress(opts: ProgressOptions): Progress {
  const stream: ProgressStream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? stream.isTTY === true;
  const now = opts.now ?? Date.now;
  const redrawMs = opts.redrawMs ?? 100;
  const total = Math.max(0, opts.total);
  const started = now();
  let done = 0;
  let lastDraw = -Infinity;
  let lastStep = -1;
  let finished = false;

  const line = () => renderBar(opts.label, done, total, now() - started);

  let lastPrinted = -1;

  const draw = (force: boolean) => {
    if (tty) {
      const t = now();
      if (!force && t - lastDraw < redrawMs) return;
      if (force && done === lastPrinted && done >= total) return;
      lastDraw = t;
      lastPrinted = done;
      let text = line();
      const columns = stream.columns ?? 0;
      if (columns > 10 && text.length > columns - 1) text = text.slice(0, columns - 1);
      // \r to the line start, \x1b[K clears what a longer previous line left behind
      stream.write(`\r${text}\x1b[K`);
    } else {
      const step = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (!force && step === lastStep) return;
      if (done === lastPrinted) return;
      lastStep = step;
      lastPrinted = done;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      stream.write(`${opts.label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct}%) ${formatDuration(now() - started)}\n`);
    }
  };

  return {
    update(n: number) {
      if (finished || n <= done) return;
      done = Math.min(n, total);
      draw(done >= total);
    },
    finish() {
      if (finished) return;
      finished = true;
      draw(true);
      if (tty) stream.write('\n');
    },
  };
}

import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr that appears only on a terminal and only once the work has taken more than
 * `delayMs` (short runs stay quiet). Returns the progress callback (`label` changes the bar's label, e.g.
 * a phase name; default "replications") and a `stop` function.
 */
export function createProgress(enabled: boolean, delayMs = 1000): { update: (done: number, total: number, label?: string) => void; stop: () => void } {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  const tty = Boolean(process.stderr.isTTY);
  return {
    update(done, total, label = 'replications') {
      if (!enabled || !tty) return;
      if (!bar) {
        if (Date.now() - started < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: '{label} [{bar}] {value}/{total} | {percentage}% | eta {eta_formatted}', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { label });
      }
      if (bar.getTotal() !== total) bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
    },
  };
}

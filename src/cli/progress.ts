import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr that appears only on a terminal and only once the work has taken more than
 * `delayMs` (short runs stay quiet). Returns the progress callback (`label` changes the bar's label, e.g.
 * a phase name; default "replications"), a `computed` callback (replications finished, as they finish: the
 * bar moves between batches when replications are long; within one phase it never moves backwards) and a
 * `stop` function.
 */
export function createProgress(enabled: boolean, delayMs = 1000): {
  update: (done: number, total: number, label?: string) => void;
  computed: (replications: number, total: number) => void;
  stop: () => void;
} {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  const tty = Boolean(process.stderr.isTTY);
  let shown = 0;
  let phase = '';
  let computedCount = 0;
  const update = (done: number, total: number, label = 'replications') => {
    if (`${label}/${total}` !== phase) {
      phase = `${label}/${total}`;
      shown = 0;
    }
    done = Math.max(done, shown);
    shown = done;
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
  };
  return {
    update,
    computed(replications, total) {
      computedCount += replications;
      update(Math.min(computedCount, total), total);
    },
    stop() {
      bar?.stop();
    },
  };
}

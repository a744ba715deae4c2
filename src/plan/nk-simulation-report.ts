/**
 * The simulated N-k table (planning.n_minus_k_at_peak, src/plan/nk-simulation.ts) in plan.md / plan.html and in
 * the terminal summary of `faultline plan`, rendered from the plan JSON only.
 */
import { escapeMarkdown as esc, formatPercent, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { NkSimulation } from './nk-simulation.js';

const ms = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 1000).toFixed(2)} ms`);
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : formatPercent(x, 2));

/** plan.md section (empty without the table). */
export function nkSimulationLines(nk: NkSimulation | null): string[] {
  if (!nk) return [];
  const what = nk.candidate ? `candidate ${nk.candidate}` : 'the scenario as given';
  const out = [
    `## N-k at peak (simulated, ${esc(what)})`,
    '',
    `Each load service at its peak rate with k hosts down (the zone holding most of its hosts first), ${nk.mode} mode: ` +
      `${nk.replications} replications of a ${formatSeconds(nk.window)} window after ${formatSeconds(nk.warmup)} of warmup per k. ` +
      'Analytic columns: Erlang C per host up (M/M/m with m = concurrency and the peak rate split evenly over the N - k hosts up; Kleinrock 1975, sec. 3.5), where the service meets its assumptions.',
    '',
    '| service | down k | hosts up | goodput ratio (95% CI) | P(wait) simulated (95% CI) | P(wait) Erlang C | p99 wait simulated | p99 wait Erlang C | utilisation simulated | utilisation analytic | P(timeout) per try |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of nk.rows) {
    for (const s of row.services) {
      const a = s.analytic;
      const unstable = a && !a.stable ? 'unstable' : null;
      out.push(
        `| ${esc(s.service)} | ${row.down} | ${s.hosts - s.down.length} | ${formatPercentEstimate(s.goodputRatio)} | ${s.probabilityOfWaiting ? formatPercentEstimate(s.probabilityOfWaiting) : 'n/a'} | ` +
          `${a ? (unstable ?? pct(a.probabilityOfWaiting)) : esc(s.analyticNote ?? 'n/a')} | ${ms(s.waitP99)} | ${a ? (unstable ?? ms(a.waitP99)) : '-'} | ` +
          `${formatPercentEstimate(s.utilisation)} | ${a?.utilisation == null ? '-' : formatPercent(a.utilisation, 1)} | ${formatPercentEstimate(s.timeoutProbability)} |`,
      );
    }
  }
  out.push('', 'p99 wait simulated: from a histogram of every try\'s queueing delay (about 4% binning error; n/a in fluid mode). An unstable closed form (utilisation >= 100%) means the queue grows for as long as the loss lasts.', '');
  return out;
}

/** One terminal line per k: the worst goodput ratio over the services. */
export function nkSimulationSummary(nk: NkSimulation | null): string[] {
  if (!nk) return [];
  return nk.rows.map((r) => {
    const worst = r.services.reduce((w, s) => ((s.goodputRatio.estimate ?? 1) < (w.goodputRatio.estimate ?? 1) ? s : w), r.services[0]);
    const pw = worst.probabilityOfWaiting ? `, P(wait) ${formatPercentEstimate(worst.probabilityOfWaiting)}` : '';
    const ec = worst.analytic?.probabilityOfWaiting != null ? ` (Erlang C ${pct(worst.analytic.probabilityOfWaiting)})` : '';
    return `  N-${r.down} at peak (simulated): ${worst.service} goodput ${formatPercentEstimate(worst.goodputRatio)}${pw}${ec}, p99 wait ${ms(worst.waitP99)}, utilisation ${formatPercentEstimate(worst.utilisation)}`;
  });
}

/**
 * The traffic sections of the Markdown and terminal reports (request success ratio next to time-based
 * availability, latency, detection/failover, MTTR by parts, error budget, per service, deploys).
 */
import { escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercentEstimate } from '../report/format.js';
import type { ResultsDocument } from '../results/document.js';
import { TRAFFIC_ANALYTIC_ASSUMPTIONS } from './results.js';

/** Rows [metric, value] of the traffic summary (plain text; empty without traffic). */
export function trafficRows(doc: ResultsDocument): string[][] {
  const t = doc.traffic;
  if (!t) return [];
  const r: string[][] = [
    ['request success ratio', formatPercentEstimate(t.requestSuccessRatio)],
    ['time-based availability', formatPercentEstimate(t.timeAvailability)],
    ['latency p50', formatDurationEstimate(t.latency.p50)],
    ['latency p95', formatDurationEstimate(t.latency.p95)],
    ['latency p99', formatDurationEstimate(t.latency.p99)],
    [`detection time (${t.detection.count})`, formatDurationEstimate(t.detection.mean)],
    [`failover time (${t.failover.count})`, formatDurationEstimate(t.failover.mean)],
    ['host failures/year', formatNumberEstimate(t.hostFailuresPerYear)],
    ['ejections/year', formatNumberEstimate(t.ejectionsPerYear)],
  ];
  if (t.mttr) {
    r.push(
      [`MTTR (${t.mttr.count} repairs)`, formatDurationEstimate(t.mttr.total)],
      ['  detect (MTTD)', formatDurationEstimate(t.mttr.detect)],
      ['  respond', formatDurationEstimate(t.mttr.respond)],
      ['  repair', formatDurationEstimate(t.mttr.repair)],
    );
  }
  if (t.errorBudget) r.push([`error-budget burn rate (vs ${(t.errorBudget.target * 100).toFixed(3)}% ${t.errorBudget.source})`, formatNumberEstimate(t.errorBudget.burnRate)]);
  for (const s of t.services) {
    r.push([`${s.name} (${s.policy}) try failure ratio`, formatPercentEstimate(s.tryFailureRatio)]);
    if (s.balancerAvailability) r.push([`${s.name} balancer availability`, formatPercentEstimate(s.balancerAvailability)]);
  }
  if (t.deploys) {
    const d = t.deploys;
    r.push([`deploys: ${d.total}, bad ${d.bad}, rolled back ${d.rolledBack}, caught in canary ${d.caughtInCanary}`, `bad version served ${formatDurationEstimate(d.badVersionTime)}`]);
    if (d.queued !== undefined && d.queued > 0) {
      r.push([
        `deploys queued behind a rollout: ${d.queued}${d.pendingAtHorizon ? ` (${d.pendingAtHorizon} still waiting at the horizon)` : ''}`,
        `wait per deploy ${formatDurationEstimate(d.waitTime)}`,
      ]);
    }
  }
  return r;
}

/** Markdown section (empty string when the results have no traffic). */
export function trafficMarkdown(doc: ResultsDocument): string {
  const t = doc.traffic;
  if (!t) return '';
  const L = [`## Requests (${t.mode} mode, entry service ${esc(t.entry)})`, '', '| metric | simulated (95% CI) |', '|---|---|'];
  for (const [k, v] of trafficRows(doc)) L.push(`| ${esc(k)} | ${v} |`);
  L.push('', `About ${Math.round(t.requestsPerReplication)} client requests per replication.`);
  const cmp = doc.comparison.filter((c) => c.metric.startsWith('detection_time') || c.metric.startsWith('balancer_availability') || c.metric === 'request_success_ratio');
  if (cmp.length) {
    L.push('', 'Analytic expectations:', '');
    for (const c of cmp) L.push(`- ${esc(c.metric)}: analytic ${c.unit === 'seconds' ? `${c.analytic.toFixed(3)} s` : `${(c.analytic * 100).toFixed(6)}%`}, ${c.verdict}`);
    L.push('', 'Detection delay assumptions:', ...TRAFFIC_ANALYTIC_ASSUMPTIONS.detection.map((a) => `- ${esc(a)}`));
    if (cmp.some((c) => c.metric === 'request_success_ratio')) {
      L.push('', 'Request success ratio (first order) assumptions:', ...TRAFFIC_ANALYTIC_ASSUMPTIONS.requestSuccess.map((a) => `- ${esc(a)}`));
    }
  }
  L.push('');
  return L.join('\n');
}

/** Terminal lines (empty when no traffic). */
export function trafficTerminal(doc: ResultsDocument, align: (rows: string[][]) => string): string[] {
  const r = trafficRows(doc);
  return r.length ? ['', align([['requests', 'simulated (95% CI)'], ...r])] : [];
}

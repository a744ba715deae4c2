/**
 * plan.md: the capacity plan as Markdown (for pull requests), rendered from the plan JSON only, plus the
 * short terminal summary of `faultline plan`.
 */
import { escapeMarkdown as esc, formatPercent, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { PlanDocument } from './document.js';
import type { CandidateResult } from './search.js';
import { nkSimulationLines, nkSimulationSummary } from './nk-simulation-report.js';

const MAX_ROWS = 25;

const money = (x: number | null | undefined, currency: string): string =>
  x === null || x === undefined ? 'n/a' : `${Math.round(x).toLocaleString('en-US')} ${currency}`;
const settingsText = (c: CandidateResult): string =>
  Object.entries(c.settings)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

/** One-paragraph description of the chosen configuration. */
function chosenText(doc: PlanDocument): string[] {
  const cur = doc.costModel.currency;
  const c = doc.candidates.find((x) => x.id === doc.chosen);
  if (!c) return ['**No configuration meets the SLOs.**', '', ...doc.notes.map((n) => `- ${esc(n)}`)];
  const out = [`**Chosen: ${c.id}** (${doc.chosenBy === 'simulation' ? 'confirmed by simulation' : 'analytic screening only, not confirmed by simulation'}): ${esc(settingsText(c))}.`, ''];
  const cost = c.simulation?.cost ?? c.cost;
  if (cost) {
    out.push('| cost item | quantity | unit price | per month |', '|---|---:|---:|---:|');
    for (const l of cost.lines) out.push(`| ${esc(l.item)} | ${l.quantity} | ${money(l.unitPrice, cur)} | ${money(l.amount, cur)} |`);
    const mins = cost.downtimeMinutes === null ? 'n/a' : cost.downtimeMinutes.toFixed(1);
    out.push(`| expected downtime (${c.simulation ? 'simulated' : 'analytic'}) | ${mins} min | ${money(doc.costModel.downtimePerMinute, cur)} | ${money(cost.downtime, cur)} |`);
    if (cost.dataLossGb === null) out.push(`| data loss | not modelled | ${money(doc.costModel.perGbLost, cur)}/GB | 0 |`);
    else out.push(`| expected data loss (simulated) | ${cost.dataLossGb.toPrecision(3)} GB | ${money(doc.costModel.perGbLost, cur)}/GB | ${money(cost.dataLoss, cur)} |`);
    out.push(`| **total** | | | **${money(cost.total, cur)}** |`, '');
  }
  return out;
}

/** Renders plan.md. */
export function renderPlanMarkdown(doc: PlanDocument): string {
  const cur = doc.costModel.currency;
  const s = doc.summary;
  const lines: string[] = [`# Capacity plan: ${esc(doc.scenario.name)}`, ''];
  const slo = [
    doc.slo.availability !== null ? `availability >= ${formatPercent(doc.slo.availability, 4)}` : null,
    doc.slo.outageDurationP99 !== null ? `p99 recovery <= ${formatSeconds(doc.slo.outageDurationP99)}` : null,
    doc.load ? `N-${doc.load.maxDown} latency (${doc.load.component})` : null,
  ].filter((x) => x !== null);
  lines.push(`Scenario \`${esc(doc.scenario.file)}\`, seed ${doc.scenario.seed}. SLOs: ${slo.length ? slo.join(', ') : 'none (pure cost minimisation)'}.`, '');
  lines.push(`${s.candidates} candidates: ${s.invalid} invalid, ${s.analyticErrors} without analytic model, ${s.feasible} analytically feasible; ${s.simulated} simulated, ${s.confirmed} confirmed.`, '');
  lines.push(...chosenText(doc));

  lines.push('## Cheapest feasible candidates', '');
  lines.push(`| rank | id | settings | analytic availability | expected total / month | simulated availability (95% CI) | simulated total / month | confirmed |`);
  lines.push('|---:|---|---|---:|---:|---:|---:|---|');
  const ranked = doc.candidates.filter((c) => c.rank !== null).sort((a, b) => (a.rank as number) - (b.rank as number));
  for (const c of ranked.slice(0, MAX_ROWS)) {
    const sim = c.simulation;
    const approx = c.analytic?.approximate ? ' ~' : '';
    lines.push(
      `| ${c.rank} | ${c.id}${c.id === doc.chosen ? ' (chosen)' : ''} | ${esc(settingsText(c))} | ${formatPercent(c.analytic?.availability ?? null, 5)}${approx} | ${money(c.cost?.total, cur)} | ` +
        `${sim ? formatPercentEstimate(sim.availability) : '-'} | ${sim ? money(sim.cost.total, cur) : '-'} | ${sim ? (sim.confirmed ? 'yes' : `no: ${esc(sim.reasons.join('; '))}`) : '-'} |`,
    );
  }
  if (ranked.length > MAX_ROWS) lines.push('', `(${ranked.length - MAX_ROWS} more feasible candidates in plan.json)`);
  if (ranked.length === 0) lines.push('| | | no feasible candidate | | | | | |');
  lines.push('', '`~`: approximate analytic value (the scenario breaks an assumption of the method; see plan.json).', '');

  lines.push('## Cost vs availability frontier', '', 'Pareto-optimal candidates: no other candidate is both cheaper and more available (analytic values). Chart: `frontier.svg`.', '');
  lines.push('| id | settings | analytic availability | downtime / month | expected total / month | feasible |', '|---|---|---:|---:|---:|---|');
  for (const id of doc.frontier) {
    const c = doc.candidates.find((x) => x.id === id) as CandidateResult;
    lines.push(`| ${c.id} | ${esc(settingsText(c))} | ${formatPercent(c.analytic?.availability ?? null, 5)} | ${c.cost?.downtimeMinutes?.toFixed(1) ?? 'n/a'} min | ${money(c.cost?.total, cur)} | ${c.feasible ? 'yes' : esc(c.infeasible.join('; '))} |`);
  }
  lines.push('');

  if (doc.load?.nk) {
    const nk = doc.load.nk;
    const l = doc.load;
    const objectives = [
      l.latencySlo.waitMean !== undefined ? `mean wait <= ${formatSeconds(l.latencySlo.waitMean)}` : null,
      l.latencySlo.waitP95 !== undefined ? `p95 wait <= ${formatSeconds(l.latencySlo.waitP95)}` : null,
      l.latencySlo.waitP99 !== undefined ? `p99 wait <= ${formatSeconds(l.latencySlo.waitP99)}` : null,
      l.latencySlo.maxUtilisation !== undefined ? `utilisation <= ${formatPercent(l.latencySlo.maxUtilisation, 1)}` : null,
    ].filter((x) => x !== null);
    lines.push(`## N-k load capacity (${esc(nk.component)}, ${nk.instances} instances)`, '');
    lines.push(
      `M/M/c (Erlang C; Kleinrock 1975, sec. 3.5): arrivals ${nk.arrivalRate}/s, ${nk.serviceRatePerInstance}/s per instance, offered load ${nk.offeredLoad.toFixed(2)} Erlangs; ` +
        `objective ${objectives.join(', ')} (waiting time in queue). At least ${nk.minimumServing} serving instances are needed; this configuration tolerates ${Math.max(0, nk.toleratedDown)} down.`,
      '',
    );
    lines.push('| down k | serving | utilisation | P(wait) | mean wait | p95 wait | p99 wait | meets SLO | minimum N for N-k |', '|---:|---:|---:|---:|---:|---:|---:|---|---:|');
    const ms = (x: number | null) => (x === null ? 'unstable' : `${(x * 1000).toFixed(2)} ms`);
    for (const r of nk.rows) {
      lines.push(
        `| ${r.down} | ${r.servers} | ${r.utilisation === null ? 'n/a' : formatPercent(r.utilisation, 1)} | ${r.probabilityOfWaiting === null ? 'n/a' : r.probabilityOfWaiting.toFixed(4)} | ` +
          `${ms(r.meanWait)} | ${ms(r.waitP95)} | ${ms(r.waitP99)} | ${r.meetsSlo ? 'yes' : 'no'} | ${r.minimumInstances} |`,
      );
    }
    lines.push('');
  }

  lines.push(...nkSimulationLines(doc.nkSimulation));
  lines.push(...zoneLossLines(doc));

  const invalid = doc.candidates.filter((c) => c.status !== 'evaluated');
  if (invalid.length > 0) {
    lines.push('## Skipped candidates', '');
    for (const c of invalid.slice(0, MAX_ROWS)) lines.push(`- ${c.id} (${esc(settingsText(c))}): ${esc(c.errors[0] ?? c.status)}${c.errors.length > 1 ? ` (+${c.errors.length - 1} more)` : ''}`);
    if (invalid.length > MAX_ROWS) lines.push(`- ... ${invalid.length - MAX_ROWS} more in plan.json`);
    lines.push('');
  }

  const violations = new Map<string, number>();
  for (const c of doc.candidates) for (const v of c.analytic?.violations ?? []) violations.set(v, (violations.get(v) ?? 0) + 1);
  if (violations.size > 0) {
    lines.push('## Analytic approximations', '', 'Assumptions of the analytic methods broken by some candidates (number of candidates):', '');
    for (const [v, n] of [...violations.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_ROWS)) lines.push(`- (${n}) ${esc(v)}`);
    lines.push('');
  }

  lines.push('## Rules', '', `- Feasible: ${doc.rules.feasibility}.`, `- Confirmed: ${doc.rules.confirmation}.`, `- Chosen: ${doc.rules.choice}.`);
  lines.push(`- Cost per month: instances + crews + knob options + expected downtime minutes (unavailability x ${doc.costModel.minutesPerMonth} min) x ${money(doc.costModel.downtimePerMinute, cur)}.`);
  if (doc.costModel.unpriced.length > 0) lines.push(`- Not priced (cost 0): ${esc(doc.costModel.unpriced.join(', '))}.`);
  for (const n of doc.notes) lines.push(`- ${esc(n)}`);
  lines.push('', `Replay: \`${doc.replay}\``, '');
  return lines.join('\n');
}

/** Short terminal summary. */
export function renderPlanSummary(doc: PlanDocument): string {
  const cur = doc.costModel.currency;
  const s = doc.summary;
  const out = [`${doc.scenario.name}: ${s.candidates} candidates, ${s.invalid} invalid, ${s.feasible} analytically feasible, ${s.simulated} simulated, ${s.confirmed} confirmed`];
  const c = doc.candidates.find((x) => x.id === doc.chosen);
  if (c) {
    const cost = c.simulation?.cost ?? c.cost;
    out.push(`chosen ${c.id} (${doc.chosenBy}): ${settingsText(c)}`);
    out.push(`  availability ${c.simulation ? formatPercentEstimate(c.simulation.availability) + ' simulated' : formatPercent(c.analytic?.availability ?? null) + ' analytic'}; cost ${money(cost?.total, cur)}/month (fixed ${money(cost?.fixed, cur)}, downtime ${money(cost?.downtime, cur)})`);
  } else out.push('no configuration meets the SLOs');
  if (doc.load?.nk) out.push(`  N-k: ${doc.load.nk.minimumServing} ${doc.load.component} instances needed for the latency SLO; tolerates ${Math.max(0, doc.load.nk.toleratedDown)} down`);
  out.push(...nkSimulationSummary(doc.nkSimulation));
  for (const n of doc.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/** The simulated zone loss at peak of each simulated candidate (planning.zone_loss_at_peak). */
function zoneLossLines(doc: PlanDocument): string[] {
  const sims = doc.candidates.filter((c) => c.simulation?.zoneLoss);
  if (sims.length === 0) return [];
  const out = ['## Zone loss at peak (simulated)', '', 'Each simulated candidate again, losing the zone(s) holding the most replicas of each load service at the peak hour (the static-stability worst case; analytic utilisation of the survivors next to it).', ''];
  out.push('| id | settings | service | zones lost | at | goodput ratio (95% CI) | time overloaded | survivors utilisation (analytic) | passes |', '|---|---|---|---|---:|---:|---:|---:|---|');
  for (const c of sims) {
    const z = c.simulation?.zoneLoss;
    if (!z) continue;
    for (const s of z.services) {
      const rho = s.staticStability?.utilisation;
      out.push(
        `| ${c.id} | ${esc(settingsText(c))} | ${esc(s.service)} | ${esc(s.zones.join(', '))} | ${formatSeconds(z.at)} | ${formatPercentEstimate(s.goodputRatio)} | ${formatPercentEstimate(s.overloadedFraction)} | ` +
          `${rho === null || rho === undefined ? 'n/a' : formatPercent(rho, 1)} | ${z.reasons.length === 0 ? 'yes' : esc(z.reasons.join('; '))} |`,
      );
    }
  }
  out.push('');
  return out;
}

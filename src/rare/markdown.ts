/**
 * rare.md: a rare-event study (`faultline rare`, rare.json) as Markdown, rendered from the document alone so
 * `faultline report rare.json` reproduces it. (The terminal summary of src/cli/rare-command.ts adds the
 * measured wall times, which the document does not hold.)
 */
import { escapeMarkdown as esc, formatPercent, formatSeconds } from '../report/format.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { RareDocument } from './rare-run.js';

const sci = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? 'n/a' : x.toPrecision(d));
const int = (x: number) => Math.round(x).toLocaleString('en-US');

/** The Markdown report of a rare-event study. */
export function renderRareMarkdown(doc: RareDocument): string {
  const e = doc.estimate;
  const u = e.unavailability;
  const L = [`# Rare-event study: ${esc(doc.scenario.name)}`, '', `Scenario \`${doc.scenario.file.replace(/`/g, "'")}\`; steady-state unavailability of the system CTMC by ${e.method}.`, ''];
  const rel = e.relativeHalfWidth === null ? 'n/a' : `±${(e.relativeHalfWidth * 100).toFixed(1)}%`;
  L.push('| quantity | value |', '|---|---|');
  L.push(`| model | system CTMC, ${int(doc.states)} states, ${int(doc.transitions.failure)} failure / ${int(doc.transitions.repair)} repair transitions |`);
  L.push(`| biasing | p_bias ${e.bias}, ${e.biasAfterDown ? 'the whole cycle' : 'until the first system failure of each cycle'}; seed ${e.seed} |`);
  L.push(`| unavailability U (importance sampling) | ${sci(u.estimate)} [${sci(u.ci95?.[0])}, ${sci(u.ci95?.[1])}] (95% CI, ${rel}; target ±${(e.targetRelativePrecision * 100).toFixed(0)}%${e.converged ? ', reached' : ', not reached'}) |`);
  L.push(`| availability | ${formatPercent(doc.availability.estimate, 7)} (${formatSeconds(u.estimate === null ? null : u.estimate * SECONDS_PER_YEAR)} down per year) |`);
  L.push(doc.exact && doc.comparison
    ? `| U exact (CTMC, ${esc(doc.exact.solver)}) | ${sci(doc.exact.unavailability)}: ${doc.comparison.verdict} (${esc(doc.comparison.explanation)}) |`
    : `| U exact (CTMC) | not solved: ${esc(doc.exactNote ?? 'n/a')} |`);
  L.push(`| effort | ${int(e.cycles.importanceSampling)} biased cycles (${int(e.cycles.importanceSamplingHittingDown)} reached a down state), ${int(e.cycles.plain)} plain cycles, ${int(e.cycles.steps)} jumps |`);
  const p = e.plainMonteCarlo;
  if (p.cyclesNeeded !== null && p.stepsNeeded !== null) L.push(`| plain Monte Carlo would need | ~${int(p.cyclesNeeded)} cycles, ${int(p.stepsNeeded)} jumps (speed-up x${sci(e.speedupInSteps, 3)} in jumps) |`);
  if (doc.slo) L.push(`| SLO availability >= ${formatPercent(doc.slo.target, 4)} | ${doc.slo.status}${doc.slo.status === 'not-evaluated' ? '' : ` (${esc(doc.slo.note)})`} |`);
  L.push('');
  if (doc.notes.length) L.push('## Notes', '', ...doc.notes.map((n) => `- ${esc(n)}`), '');
  return L.join('\n');
}

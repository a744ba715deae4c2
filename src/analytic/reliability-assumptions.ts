/**
 * What the system-level analytic model (closed forms, CTMC) leaves out of a scenario's reliability section
 * (src/reliability/): each item becomes a violated assumption, so the system comparison is marked
 * approximate. Common-cause groups are in the system CTMC (ctmc-ccf.ts), so they are not listed. The
 * reliability area compares its own closed forms (proof tests, 1oo2 with beta, age
 * replacement, replaceable units) in its section (src/reliability/comparisons.ts).
 */
import type { Scenario } from '../scenario/types.js';

/** The violated assumptions, one sentence each (empty when the scenario has no reliability section). */
export function reliabilityViolations(scenario: Scenario): string[] {
  const r = scenario.reliability;
  if (!r) return [];
  const out: string[] = [];
  if (r.latent.length) out.push(`latent failures found only by proof tests or overhauls (${r.latent.map((l) => l.component).join(', ')}): the system model assumes repair starts at failure`);
  if (r.windows.length || r.upgrades.length) out.push('planned work (maintenance windows, rolling upgrades) is not in the system model');
  if (r.ageReplacement.length) out.push('age-based preventive replacement is not in the system model');
  if (r.phases.length) out.push('operating phases change failure rates over time; the system model uses the nominal rates');
  if (r.replaceableUnits.length) out.push('replaceable units (a repair replaces a group) are not in the system model');
  return out;
}

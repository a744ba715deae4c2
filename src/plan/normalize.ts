/**
 * Raw `planning:` section -> `PlanningSpec`, with the checks that relate it to the rest of the document:
 * priced components and crews exist, the load component exists, knobs are not repeated, the grid is not
 * larger than `max_candidates`. (Whether each knob's path exists in the document is checked by
 * `faultline plan` on the YAML document itself, see src/plan/candidates.ts.)
 */
import { didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';
import type { LocateAt, SourceLocator } from '../scenario/errors.js';
import type { RawScenario } from '../core/schema.js';
import { DEFAULT_CONFIRM, DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_DOWN, HARD_MAX_CANDIDATES } from './schema.js';
import type { PlanningSpec } from './types.js';

/** Reports one semantic problem (normalize.ts collects them with their positions). */
export type AddProblem = (path: PathSegment[], problem: string, expected: string, at?: LocateAt) => void;

/**
 * Normalizes `raw.planning` (undefined -> undefined).
 * @param raw the schema-validated document.
 * @param add collects semantic problems (thrown together by normalizeScenario).
 * @param source locator for the knobs' source references.
 */
export function normalizePlanning(raw: RawScenario, add: AddProblem, source: SourceLocator): PlanningSpec | undefined {
  const p = raw.planning;
  if (p === undefined) return undefined;
  const components = Object.keys(raw.components);
  const crews = Object.keys(raw.crews ?? {});
  const base: PathSegment[] = ['planning'];

  const checkNames = (prices: Record<string, number> | undefined, known: string[], what: string, key: string): Record<string, number> => {
    for (const name of Object.keys(prices ?? {})) {
      if (!known.includes(name)) {
        const expected = known.length > 0 ? `one of the ${what}s: ${known.join(', ')}` : `a declared ${what} (none is declared)`;
        add([...base, 'cost', key, name], `unknown ${what} ${JSON.stringify(name)}${didYouMean(name, known)}`, expected, 'key');
      }
    }
    return { ...(prices ?? {}) };
  };
  const cost = {
    currency: p.cost?.currency ?? 'USD',
    instancePerMonth: checkNames(p.cost?.instance_per_month, components, 'component', 'instance_per_month'),
    crewMemberPerMonth: checkNames(p.cost?.crew_member_per_month, crews, 'crew', 'crew_member_per_month'),
    downtimePerMinute: p.cost?.downtime_per_minute ?? 0,
    perGbLost: p.cost?.per_gb_lost ?? 0,
  };

  const seen = new Map<string, number>();
  const search = p.search.map((k, i) => {
    const canonical = formatPath(k.path.segments);
    const first = seen.get(canonical);
    if (first !== undefined) {
      add([...base, 'search', i, 'path'], `${canonical} is already searched by planning.search[${first}]`, 'each path at most once');
    } else seen.set(canonical, i);
    const at: PathSegment[] = [...base, 'search', i];
    return { path: k.path.path, segments: k.path.segments, values: k.values, costPerMonth: k.cost_per_month ?? null, source: { path: formatPath(at), ...source.locate(at) } };
  });

  const maxCandidates = p.max_candidates ?? DEFAULT_MAX_CANDIDATES;
  if (maxCandidates > HARD_MAX_CANDIDATES) {
    add([...base, 'max_candidates'], `${maxCandidates} exceeds the limit of ${HARD_MAX_CANDIDATES}`, `at most ${HARD_MAX_CANDIDATES}`);
  }
  const grid = search.reduce((n, k) => n * k.values.length, 1);
  if (grid > Math.min(maxCandidates, HARD_MAX_CANDIDATES)) {
    add(
      [...base, 'search'],
      `the grid has ${grid} candidates (${search.map((k) => k.values.length).join(' x ')}), more than max_candidates (${maxCandidates})`,
      'fewer values per knob, or a larger planning.max_candidates',
    );
  }

  let load: PlanningSpec['load'] = null;
  if (p.load) {
    const l = p.load;
    if (!components.includes(l.component)) {
      add([...base, 'load', 'component'], `unknown component ${JSON.stringify(l.component)}${didYouMean(l.component, components)}`, `one of the components: ${components.join(', ')}`);
    }
    const s = l.latency_slo;
    load = {
      component: l.component,
      arrivalRate: l.arrival_rate,
      serviceRatePerInstance: l.service_rate_per_instance,
      latencySlo: {
        ...(s.wait_mean !== undefined ? { waitMean: s.wait_mean } : {}),
        ...(s.wait_p95 !== undefined ? { waitP95: s.wait_p95 } : {}),
        ...(s.wait_p99 !== undefined ? { waitP99: s.wait_p99 } : {}),
        ...(s.max_utilisation !== undefined ? { maxUtilisation: s.max_utilisation } : {}),
      },
      maxDown: l.max_down ?? DEFAULT_MAX_DOWN,
    };
  }
  const z = p.zone_loss_at_peak;
  const zoneLoss = z ? { duration: z.duration ?? DEFAULT_ZONE_LOSS_DURATION, zonesLost: z.zones_lost ?? 1 } : null;
  const nk = p.n_minus_k_at_peak;
  const nkSimulation = nk
    ? { maxDown: nk.max_down ?? load?.maxDown ?? DEFAULT_NK_SIM_MAX_DOWN, window: nk.window ?? DEFAULT_NK_SIM_WINDOW, replications: nk.replications ?? DEFAULT_NK_SIM_REPLICATIONS }
    : null;
  return { cost, search, confirm: p.confirm ?? DEFAULT_CONFIRM, maxCandidates, load, zoneLoss, nkSimulation };
}

/** Defaults of `planning.n_minus_k_at_peak`: k up to 2 (without planning.load), a 10-minute window, 5 replications per k. */
export const DEFAULT_NK_SIM_MAX_DOWN = 2;
export const DEFAULT_NK_SIM_WINDOW = 600;
export const DEFAULT_NK_SIM_REPLICATIONS = 5;

/** Default `planning.zone_loss_at_peak.duration`: one hour. */
export const DEFAULT_ZONE_LOSS_DURATION = 3600;

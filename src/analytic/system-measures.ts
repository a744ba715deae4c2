/**
 * Availability and reliability measures of a scenario's system CTMC (built by system-ctmc.ts):
 * steady-state availability, MTTFF from all-up, MTBF/MUT/MDT, per-instance availability, and transient
 * point availability, interval availability and reliability by uniformization.
 *
 * Units: seconds. Values not computable are null (plain JSON, no Infinity).
 * Sources: Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science
 * Applications", 2nd ed. (2016); Billinton & Allan, "Reliability Evaluation of Engineering Systems",
 * 2nd ed. (1992) (frequency and duration); see ctmc.ts and uniformization.ts for the numerical methods.
 */
import type { Scenario } from '../scenario/types.js';
import { availabilityMeasures, compileCtmc, meanTimeToAbsorption, steadyState, type CtmcTransition } from './ctmc.js';
import { buildSystemCtmc, StateSpaceTooLargeError, type SystemCtmc, type SystemCtmcOptions } from './system-ctmc.js';
import { transientAnalysis, type UniformizationOptions } from './uniformization.js';
import { intervalByDeviation } from './ctmc-deviation.js';
import { formatDuration } from '../scenario/laws.js';
import type { LawPhaseFit } from './ctmc-phases.js';

/** Options of {@link analyzeSystemCtmc}. */
export interface SystemCtmcAnalysisOptions extends SystemCtmcOptions {
  /** Times for point availability A(t), s. */
  pointAvailabilityAt?: readonly number[];
  /** Times for reliability R(t), s. */
  reliabilityAt?: readonly number[];
  /** Interval over which to average availability, s (e.g. [warmup, horizon]); null = skip. */
  interval?: readonly [number, number] | null;
  /** Options of the transient solver (work budget...). */
  uniformization?: UniformizationOptions;
  /** Receives the built chain (e.g. to estimate the size of a larger chain from it). */
  keepChain?: (chain: SystemCtmc) => void;
}

/** Default state cap of the library (analyze, buildSystemCtmc). */
export const DEFAULT_MAX_STATES = 200_000;

/** Measures of a system CTMC (null where not computable). */
export interface SystemCtmcAnalysis {
  status: 'ok';
  stateCount: number;
  /** Steady-state availability (null for an absorbing chain or with `absorbDown`). */
  availability: number | null;
  unavailability: number | null;
  /** Mean time to first system failure from all-up, s (null if the system may never fail). */
  mttff: number | null;
  mtbf: number | null;
  mut: number | null;
  mdt: number | null;
  /** Per-instance steady-state availability (up: not failed and not held down by a fault). */
  instances: Array<{ instance: string; availability: number | null }>;
  pointAvailability: Array<{ t: number; value: number | null }>;
  reliability: Array<{ t: number; value: number | null }>;
  /** Mean availability over `interval`, starting all-up at 0. */
  intervalAvailability: number | null;
  /** Approximations of the chain (non-exponential laws...), empty when exact. */
  approximations: string[];
  /** Phase-type fits of the non-exponential laws (empty without `phases`). */
  phaseFits: LawPhaseFit[];
  /** Why some measure is null (budget exceeded...). */
  notes: string[];
  /** Steady-state solver used. */
  solver: string | null;
}

/** The state cap was hit. */
export interface SystemCtmcTooLarge {
  status: 'too-large';
  limit: number;
  message: string;
}

/**
 * Builds and solves the system CTMC of a scenario.
 * Steady state: pi Q = 0 (GTH or Gauss-Seidel); A = sum of pi over up states; nu = sum over up i, down j of
 * pi_i q_ij; MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu. MTTFF: mean time to absorption from all-up with the
 * system-down states absorbing. R(t): transient solution of that absorbing chain. A(t) and the interval
 * availability: transient solution of the full chain, with steady-state detection.
 * @returns the measures, or `{ status: 'too-large' }` when the state cap is hit.
 * @throws Error from the builder on an inconsistent scenario; ConvergenceError if the steady-state solver
 *   fails on a very large chain.
 * Source: Trivedi (2016); Billinton & Allan (1992).
 */
export function analyzeSystemCtmc(scenario: Scenario, options: SystemCtmcAnalysisOptions = {}): SystemCtmcAnalysis | SystemCtmcTooLarge {
  let model: SystemCtmc;
  try {
    model = buildSystemCtmc(scenario, options);
  } catch (err) {
    if (err instanceof StateSpaceTooLargeError) return { status: 'too-large', limit: err.limit, message: err.message };
    throw err;
  }
  options.keepChain?.(model);
  const { chain, up } = model;
  const n = chain.n;
  const notes: string[] = [];
  const down = Array.from(up, (u) => u === 0);
  const steady = !model.absorbing && !options.absorbDown;
  const res: SystemCtmcAnalysis = {
    status: 'ok',
    stateCount: n,
    availability: null,
    unavailability: null,
    mttff: null,
    mtbf: null,
    mut: null,
    mdt: null,
    instances: model.instanceIds.map((instance) => ({ instance, availability: null })),
    pointAvailability: [],
    reliability: [],
    intervalAvailability: null,
    approximations: model.approximations,
    phaseFits: model.phaseFits,
    notes,
    solver: null,
  };
  let pi: Float64Array | null = null;
  if (steady) {
    const ss = steadyState(chain);
    pi = ss.pi;
    res.solver = ss.method;
    const m = availabilityMeasures(chain, pi, Array.from(up, (u) => u === 1));
    Object.assign(res, { availability: m.availability, unavailability: m.unavailability, mtbf: m.mtbf, mut: m.mut, mdt: m.mdt });
    const perInstance = model.instanceIds.map((_, i) => {
      let a = 0;
      for (let s = 0; s < n; s++) if (model.instanceUp[i][s]) a += (pi as Float64Array)[s];
      return a;
    });
    // Lumped classes: the representative orders the instances' states, so average over the class.
    for (const cls of model.classes) {
      const mean = cls.reduce((sum, i) => sum + perInstance[i], 0) / cls.length;
      for (const i of cls) perInstance[i] = mean;
    }
    res.instances = model.instanceIds.map((instance, i) => ({ instance, availability: perInstance[i] }));
  }
  try {
    const mttff = meanTimeToAbsorption(chain, 0, down);
    res.mttff = Number.isFinite(mttff) ? mttff : null;
  } catch (err) {
    notes.push(`MTTFF not computed: ${(err as Error).message}`);
  }
  const e0 = new Float64Array(n);
  e0[0] = 1;
  const uopt = options.uniformization ?? {};
  const pointTimes = [...(options.pointAvailabilityAt ?? [])];
  const interval = options.interval ?? null;
  // One transient solution per time point (or interval), so that a time beyond the work budget (stiff
  // chain, long horizon) only loses its own value.
  const upMass = (v: Float64Array) => v.reduce((s, x, i) => (up[i] ? s + x : s), 0);
  const fullOpts = pi ? { ...uopt, limit: pi } : { ...uopt, absorbing: Array.from(chain.exit, (x) => x === 0) };
  if (!options.absorbDown) {
    res.pointAvailability = pointTimes.map((t) => {
      try {
        const [p] = transientAnalysis(chain, e0, [t], fullOpts);
        return { t, value: clamp01(upMass(p.distribution)) };
      } catch (err) {
        notes.push(`A(${t}s) not computed: ${(err as Error).message}`);
        return { t, value: null };
      }
    });
    if (interval && interval[1] > interval[0]) {
      const [w, T] = interval;
      const dev = pi ? intervalByDeviation(chain, pi, up, e0, T) : null;
      try {
        if (dev) {
          // U(T) = A T + up.y; U(w) from a (short) transient solution unless w is past the relaxation too.
          const upToW = w === 0 ? 0 : w > 50 * dev.tau ? dev.value * T - (res.availability as number) * (T - w) : upMass(transientAnalysis(chain, e0, [w], fullOpts)[0].occupation);
          res.intervalAvailability = clamp01((dev.value * T - upToW) / (T - w));
          const far = T > 50 * dev.tau;
          notes.push(
            `interval availability from the steady state plus the cumulative deviation y (y Q = pi - p0; relaxation time about ${formatDuration(dev.tau)}, ` +
              (far ? 'far below the horizon)' : `neglected tail at most about ${formatDuration(dev.tailBound)} of up time over the horizon)`),
          );
        } else {
          const [a, b] = transientAnalysis(chain, e0, [w, T], fullOpts);
          res.intervalAvailability = clamp01((upMass(b.occupation) - upMass(a.occupation)) / (T - w));
        }
      } catch (err) {
        notes.push(`interval availability not computed: ${(err as Error).message}`);
      }
    }
  }
  if (res.pointAvailability.length === 0) res.pointAvailability = pointTimes.map((t) => ({ t, value: null }));
  const relTimes = [...(options.reliabilityAt ?? [])];
  if (relTimes.length > 0) {
    try {
      // Absorbing version: no transitions out of system-down states.
      const transitions: CtmcTransition[] = [];
      for (let i = 0; i < n; i++) {
        if (!up[i]) continue;
        for (let e = chain.outStart[i]; e < chain.outStart[i + 1]; e++) transitions.push({ from: i, to: chain.outTo[e], rate: chain.outRate[e] });
      }
      const abs = compileCtmc({ states: n, transitions });
      const exitless = Array.from(abs.exit, (x) => x === 0);
      const pts = transientAnalysis(abs, e0, relTimes, { ...uopt, absorbing: exitless });
      // R(t) = P(no system-down state visited by t) = mass still on up states of the absorbing chain.
      res.reliability = relTimes.map((t, k) => ({ t, value: clamp01(pts[k].distribution.reduce((s, x, i) => (up[i] ? s + x : s), 0)) }));
    } catch (err) {
      notes.push(`reliability not computed: ${(err as Error).message}`);
      res.reliability = relTimes.map((t) => ({ t, value: null }));
    }
  }
  return res;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

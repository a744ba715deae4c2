/**
 * N-k load capacity with the M/M/c queue (Erlang C): with Poisson arrivals at rate lambda served by c
 * identical instances of exponential service rate mu, how long requests wait when k of the N instances are
 * down (c = N - k), and the smallest N that keeps the latency objective with k instances down.
 *
 * Formulas (Kleinrock, "Queueing Systems, Vol. 1: Theory" (1975), sec. 3.5 (M/M/m); Gross, Shortle,
 * Thompson & Harris, "Fundamentals of Queueing Theory", 4th ed. (2008), sec. 2.3):
 *   a = lambda/mu (offered load, Erlangs), rho = a/c, stable iff rho < 1;
 *   C(c, a) = P(wait > 0) = B / (1 - rho (1 - B)) with B the Erlang B loss probability;
 *   Wq mean = C / (c mu - lambda);  P(Wq > t) = C e^{-(c mu - lambda) t};
 *   waiting-time quantile q: t_q = max(0, ln(C / (1 - q)) / (c mu - lambda)).
 * Units: seconds, rates per second.
 */
import { erlangC } from '../analytic/formulas.js';
import type { LatencySlo, LoadSpec } from './types.js';

/** M/M/c measures with c serving instances. */
export interface QueueMeasures {
  /** Serving instances c. */
  servers: number;
  /** rho = lambda / (c mu); null when c = 0. */
  utilisation: number | null;
  /** Whether lambda < c mu (otherwise the queue grows without bound and every other measure is null). */
  stable: boolean;
  /** Erlang C: probability that a request waits. */
  probabilityOfWaiting: number | null;
  /** Mean waiting time in queue, s. */
  meanWait: number | null;
  /** 95th and 99th percentiles of the waiting time, s. */
  waitP95: number | null;
  waitP99: number | null;
  /** Whether every objective of the latency SLO holds. */
  meetsSlo: boolean;
}

/**
 * P(Wq > t) for M/M/c: C(c, a) e^{-(c mu - lambda) t}.
 * @throws RangeError on an unstable queue or invalid arguments (from erlangC).
 */
export function waitExceedance(lambda: number, mu: number, servers: number, t: number): number {
  const r = erlangC(lambda, mu, servers);
  return r.probabilityOfWaiting * Math.exp(-(servers * mu - lambda) * t);
}

/** Waiting-time quantile t_q with P(Wq <= t_q) >= q: 0 when C <= 1 - q, else ln(C/(1-q)) / (c mu - lambda). */
export function waitQuantile(lambda: number, mu: number, servers: number, q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  const r = erlangC(lambda, mu, servers);
  const c = r.probabilityOfWaiting;
  return c <= 1 - q ? 0 : Math.log(c / (1 - q)) / (servers * mu - lambda);
}

/** M/M/c measures with `servers` instances up, checked against the latency objective. */
export function queueMeasures(lambda: number, mu: number, servers: number, slo: LatencySlo): QueueMeasures {
  const none = { probabilityOfWaiting: null, meanWait: null, waitP95: null, waitP99: null, meetsSlo: false };
  if (servers < 1) return { servers, utilisation: null, stable: false, ...none };
  const utilisation = lambda / (servers * mu);
  if (utilisation >= 1) return { servers, utilisation, stable: false, ...none };
  const r = erlangC(lambda, mu, servers);
  const waitP95 = waitQuantile(lambda, mu, servers, 0.95);
  const waitP99 = waitQuantile(lambda, mu, servers, 0.99);
  const meetsSlo =
    (slo.waitMean === undefined || r.meanWait <= slo.waitMean) &&
    (slo.waitP95 === undefined || waitP95 <= slo.waitP95) &&
    (slo.waitP99 === undefined || waitP99 <= slo.waitP99) &&
    (slo.maxUtilisation === undefined || utilisation <= slo.maxUtilisation);
  return { servers, utilisation, stable: true, probabilityOfWaiting: r.probabilityOfWaiting, meanWait: r.meanWait, waitP95, waitP99, meetsSlo };
}

/**
 * The smallest number of serving instances c* meeting the latency SLO. Every measure is monotone in c
 * (more servers never increase waiting), so the first c from ceil(a) up that meets it is the minimum.
 * @throws RangeError when no c up to 1e6 meets it (cannot happen with a positive wait objective).
 */
export function minimumServers(lambda: number, mu: number, slo: LatencySlo): number {
  let c = Math.max(1, Math.floor(lambda / mu) + 1);
  for (; c <= 1_000_000; c++) if (queueMeasures(lambda, mu, c, slo).meetsSlo) return c;
  throw new RangeError('no number of instances up to 1e6 meets the latency SLO');
}

/** One row of the N-k table. */
export interface NkRow extends QueueMeasures {
  /** Instances down. */
  down: number;
  /** Smallest total N such that N - down instances meet the SLO (= c* + down). */
  minimumInstances: number;
}

/** The N-k capacity analysis of one configuration. */
export interface NkAnalysis {
  component: string;
  /** Instances of the component in this configuration. */
  instances: number;
  /** lambda, mu (per second) and offered load a = lambda / mu (Erlangs). */
  arrivalRate: number;
  serviceRatePerInstance: number;
  offeredLoad: number;
  /** c*: fewest serving instances meeting the latency SLO. */
  minimumServing: number;
  /** Rows for k = 0..maxDown instances down. */
  rows: NkRow[];
  /** Largest k for which N - k instances still meet the SLO (-1 if even all N do not). */
  toleratedDown: number;
  /** Whether the N-k rule holds for k = maxDown. */
  meetsNk: boolean;
}

/**
 * N-k table for a configuration with `instances` instances of the load component.
 * @throws RangeError on invalid rates (from erlangC).
 */
export function nkAnalysis(load: LoadSpec, instances: number): NkAnalysis {
  const { arrivalRate: lambda, serviceRatePerInstance: mu, latencySlo, maxDown } = load;
  const cStar = minimumServers(lambda, mu, latencySlo);
  const rows: NkRow[] = [];
  for (let k = 0; k <= maxDown; k++) rows.push({ down: k, minimumInstances: cStar + k, ...queueMeasures(lambda, mu, instances - k, latencySlo) });
  return {
    component: load.component,
    instances,
    arrivalRate: lambda,
    serviceRatePerInstance: mu,
    offeredLoad: lambda / mu,
    minimumServing: cStar,
    rows,
    toleratedDown: instances - cStar >= 0 ? instances - cStar : -1,
    meetsNk: instances - maxDown >= cStar,
  };
}

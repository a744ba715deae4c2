/**
 * Reference for the M/M/c/K FCFS sojourn tail of an accepted arrival, written from the model and evaluated by
 * brute-force numerical integration (independent of the series in src/load/queueing.ts):
 * - the stationary law from the birth-death balance equations p_n lambda = p_(n+1) min(n + 1, c) mu;
 * - an arrival that finds n < c in system is served at once; one that finds n >= c waits for n - c + 1
 *   departures at rate c mu, i.e. W ~ Erlang(n - c + 1, c mu) (Kleinrock 1975, Vol. 1, 3.6), then its service
 *   S ~ Exp(mu) (PASTA: arrivals see the stationary law; accepted ones see n < c + K);
 * - P(W + S > t) = P(W > t) + integral_0^t f_W(x) e^(-mu (t - x)) dx, the integral by composite Simpson's rule
 *   on 20,000 intervals and P(W > t) by the Erlang distribution function (sum of Poisson terms).
 */
const logFactorials: number[] = [0];
/** log((n - 1)!) for integer n >= 1. */
function lgamma(n: number): number {
  while (logFactorials.length < n) logFactorials.push(logFactorials[logFactorials.length - 1] + Math.log(logFactorials.length));
  return logFactorials[n - 1];
}

function erlangDensity(k: number, r: number, x: number): number {
  if (x <= 0) return k === 1 ? r : 0;
  return Math.exp(k * Math.log(r) + (k - 1) * Math.log(x) - r * x - lgamma(k));
}

function erlangSurvival(k: number, r: number, t: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(-r * t + j * Math.log(r * t) - lgamma(j + 1));
  return s;
}

export function refMmcKSojournTail(lambda: number, mu: number, c: number, K: number, t: number): number {
  const p: number[] = [1];
  for (let n = 0; n < c + K; n++) p.push((p[n] * lambda) / (Math.min(n + 1, c) * mu));
  const total = p.reduce((a, b) => a + b, 0);
  const pi = p.map((x) => x / total);
  const acc = 1 - pi[c + K];
  let tail = 0;
  for (let n = 0; n < c + K; n++) {
    if (n < c) {
      tail += pi[n] * Math.exp(-mu * t);
      continue;
    }
    const k = n - c + 1, r = c * mu;
    const m = 20_000, h = t / m;
    let integral = 0;
    for (let i = 0; i <= m; i++) {
      const x = i * h;
      const w = i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2;
      integral += w * erlangDensity(k, r, x) * Math.exp(-mu * (t - x));
    }
    tail += pi[n] * (erlangSurvival(k, r, t) + (integral * h) / 3);
  }
  return tail / acc;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, lawMean, lawSurvival, logGamma } from '../src/scenario/laws.js';
import {
  availabilityFromDowntimePerYear,
  coldStandbyIntervalAvailability,
  coldStandbyMttf,
  coldStandbyReliability,
  downtimePerYear,
  erlangB,
  erlangC,
  frequencyDuration,
  intervalAvailabilityExponential,
  kOutOfN,
  kOutOfNIdentical,
  parallelAvailability,
  periodicBackupExpectedLoss,
  pointAvailabilityExponential,
  seriesAvailability,
  seriesAvailabilityNoAgeingWhileDown,
  singleUnitAvailability,
} from '../src/analytic/formulas.js';

const H = 3600;
/** Rounds to 6 significant digits, as VALIDATION.md prints its values. */
const sig6 = (x: number) => Number(x.toPrecision(6));

describe('VALIDATION.md closed forms (6 significant digits)', () => {
  it('single repairable unit: MTTF 1000 h, MTTR 10 h -> 0.990099, 86.73 h/yr down', () => {
    const a = singleUnitAvailability(1000 * H, 10 * H);
    expect(sig6(a)).toBe(0.990099);
    expect(downtimePerYear(a) / H).toBeCloseTo(86.73, 2);
  });

  it('point availability at t = 10 h -> 0.993705', () => {
    expect(sig6(pointAvailabilityExponential(1 / (1000 * H), 1 / (10 * H), 10 * H))).toBe(0.993705);
  });

  it('series, components keep ageing: two units l = 0.01, mu = 0.1 -> 0.826446', () => {
    const a = singleUnitAvailability(100, 10);
    expect(sig6(seriesAvailability([a, a]))).toBe(0.826446);
  });

  it('series, no ageing while system down -> 0.833333', () => {
    expect(sig6(seriesAvailabilityNoAgeingWhileDown([100 * H, 100 * H], [10 * H, 10 * H]))).toBe(0.833333);
  });

  it('2-unit parallel with 2 crews -> 0.991736', () => {
    const a = singleUnitAvailability(100, 10);
    expect(sig6(parallelAvailability([a, a]))).toBe(0.991736);
  });

  it('2-out-of-3 with a = 0.99 -> 0.999702', () => {
    expect(sig6(kOutOfNIdentical(2, 3, 0.99))).toBe(0.999702);
    expect(sig6(kOutOfN(2, [0.99, 0.99, 0.99]))).toBe(0.999702);
  });

  it('cold standby, no repair: l = 1e-3/h, p = 0.9, t = 1000 h -> 0.698971, MTTF 1900 h', () => {
    const l = 1e-3 / H;
    expect(sig6(coldStandbyReliability(l, 0.9, 1000 * H))).toBe(0.698971);
    expect(coldStandbyMttf(l, 0.9) / H).toBeCloseTo(1900, 9);
  });

  it('periodic backups: T = 24 h -> 12 h; q = 0.05 -> 13.263 h', () => {
    expect(periodicBackupExpectedLoss(24 * H) / H).toBe(12);
    expect(Number((periodicBackupExpectedLoss(24 * H, 0.05) / H).toPrecision(5))).toBe(13.263);
  });

  it('Erlang C: l = 100/s, 1/mu = 50 ms, c = 7 -> C = 0.324150, Wq = 8.10 ms', () => {
    const r = erlangC(100, 1 / 0.05, 7);
    expect(sig6(r.probabilityOfWaiting)).toBe(0.32415);
    expect(r.probabilityOfWaiting.toFixed(6)).toBe('0.324150');
    expect((r.meanWait * 1000).toFixed(2)).toBe('8.10');
    expect(r.utilisation).toBeCloseTo(5 / 7, 15);
    expect(r.meanResponse).toBeCloseTo(r.meanWait + 0.05, 15);
  });
});

describe('single unit transient formulas', () => {
  const l = 1 / (1000 * H);
  const mu = 1 / (10 * H);

  it('interval availability over 24 h is 0.993822 (validation README)', () => {
    expect(sig6(intervalAvailabilityExponential(l, mu, 24 * H))).toBe(0.993822);
  });

  it('interval availability is the mean of the point availability (numeric check), also with a warmup', () => {
    const from = 5 * H;
    const to = 50 * H;
    const n = 20000;
    let s = 0;
    for (let i = 0; i < n; i++) s += pointAvailabilityExponential(l, mu, from + ((i + 0.5) * (to - from)) / n);
    expect(intervalAvailabilityExponential(l, mu, to, from)).toBeCloseTo(s / n, 10);
  });

  it('tends to the steady state', () => {
    const a = singleUnitAvailability(1000 * H, 10 * H);
    expect(pointAvailabilityExponential(l, mu, 1e4 * H)).toBeCloseTo(a, 14);
    expect(intervalAvailabilityExponential(l, mu, 1e9 * H)).toBeCloseTo(a, 9);
    expect(pointAvailabilityExponential(l, mu, 0)).toBe(1);
  });

  it('without repair A(t) = e^{-l t}', () => {
    expect(pointAvailabilityExponential(l, 0, 500 * H)).toBeCloseTo(Math.exp(-0.5), 14);
  });
});

describe('k-out-of-n', () => {
  const brute = (k: number, a: number[]) => {
    let p = 0;
    for (let mask = 0; mask < 1 << a.length; mask++) {
      let w = 1;
      let up = 0;
      a.forEach((x, i) => {
        const u = (mask >> i) & 1;
        up += u;
        w *= u ? x : 1 - x;
      });
      if (up >= k) p += w;
    }
    return p;
  };

  it('Poisson-binomial equals brute-force enumeration', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), fc.nat(11), (a, k) => {
        expect(kOutOfN(k, a)).toBeCloseTo(brute(k, a), 12);
      }),
    );
  });

  it('n-of-n is series, 1-of-n is parallel, 0-of-n is 1, (n+1)-of-n is 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), (a) => {
        expect(kOutOfN(a.length, a)).toBeCloseTo(seriesAvailability(a), 12);
        expect(kOutOfN(1, a)).toBeCloseTo(parallelAvailability(a), 12);
        expect(kOutOfN(0, a)).toBe(1);
        expect(kOutOfN(a.length + 1, a)).toBe(0);
      }),
    );
  });

  it('identical binomial sum matches the explicit formula', () => {
    const a = 0.93;
    const explicit = 10 * a ** 3 * (1 - a) ** 2 + 5 * a ** 4 * (1 - a) + a ** 5;
    expect(kOutOfNIdentical(3, 5, a)).toBeCloseTo(explicit, 14);
  });

  it('rejects invalid arguments', () => {
    expect(() => kOutOfN(1.5, [0.5])).toThrow(RangeError);
    expect(() => kOutOfN(1, [1.2])).toThrow(RangeError);
    expect(() => kOutOfNIdentical(2, -1, 0.5)).toThrow(RangeError);
  });
});

describe('structure formula properties', () => {
  const avail = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 });
  it('0 <= A <= 1, series <= min, parallel >= max, k-of-n decreasing in k', () => {
    fc.assert(
      fc.property(avail, (a) => {
        const s = seriesAvailability(a);
        const p = parallelAvailability(a);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(Math.min(...a) + 1e-15);
        expect(p).toBeGreaterThanOrEqual(Math.max(...a) - 1e-15);
        for (let k = 1; k < a.length; k++) expect(kOutOfN(k, a)).toBeGreaterThanOrEqual(kOutOfN(k + 1, a) - 1e-15);
      }),
    );
  });

  it('single unit availability is in [0, 1] and no-ageing series >= ageing series', () => {
    const pos = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(pos, pos), { minLength: 1, maxLength: 6 }), (units) => {
        const a = units.map(([f, r]) => singleUnitAvailability(f, r));
        a.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
        a.forEach((x) => expect(x).toBeLessThanOrEqual(1));
        const noAgeing = seriesAvailabilityNoAgeingWhileDown(units.map((u) => u[0]), units.map((u) => u[1]));
        expect(noAgeing).toBeGreaterThanOrEqual(seriesAvailability(a) - 1e-12);
      }),
    );
  });

  it('errors on invalid inputs', () => {
    expect(() => singleUnitAvailability(0, 1)).toThrow(RangeError);
    expect(() => singleUnitAvailability(1, -1)).toThrow(RangeError);
    expect(() => seriesAvailability([0.5, 1.5])).toThrow(RangeError);
    expect(() => seriesAvailabilityNoAgeingWhileDown([1], [1, 2])).toThrow(RangeError);
    expect(singleUnitAvailability(Infinity, 5)).toBe(1);
  });
});

describe('cold standby', () => {
  it('n units: R(t) matches a numeric convolution for n = 3 and the MTTF its integral', () => {
    const l = 0.002;
    const p = 0.8;
    // Density of the time of the k-th failure of a Poisson process: Erlang(k, l).
    const t = 700;
    const r3 = coldStandbyReliability(l, p, t, 3);
    const x = l * t;
    expect(r3).toBeCloseTo(Math.exp(-x) * (1 + p * x + (p * p * x * x) / 2), 14);
    let integral = 0;
    const dt = 0.5;
    for (let s = dt / 2; s < 40 / l; s += dt) integral += coldStandbyReliability(l, p, s, 3) * dt;
    expect(integral).toBeCloseTo(coldStandbyMttf(l, p, 3), 3);
    expect(coldStandbyMttf(l, p, 3)).toBeCloseTo((1 + p + p * p) / l, 10);
  });

  it('interval availability over 30000 h is 0.063333 (validation README) and n = 1 is exponential', () => {
    expect(sig6(coldStandbyIntervalAvailability(1e-3 / H, 0.9, 30000 * H))).toBe(0.0633333);
    const l = 1e-3;
    expect(coldStandbyIntervalAvailability(l, 0.9, 500, 1)).toBeCloseTo((1 - Math.exp(-0.5)) / 0.5, 14);
    expect(coldStandbyReliability(l, 0.9, 500, 1)).toBeCloseTo(Math.exp(-0.5), 14);
  });
});

describe('Erlang formulas', () => {
  it('Erlang B recursion equals the explicit formula', () => {
    const a = 3.7;
    for (let c = 0; c <= 12; c++) {
      let denom = 0;
      let term = 1;
      for (let j = 0; j <= c; j++) {
        if (j > 0) term *= a / j;
        denom += term;
      }
      expect(erlangB(c, a)).toBeCloseTo(term / denom, 14);
    }
  });

  it('Erlang B stays finite for thousands of servers', () => {
    const b = erlangB(5000, 4900);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(0.05);
  });

  it('M/M/1: C = rho, Wq = rho/(mu - l)', () => {
    const r = erlangC(3, 5, 1);
    expect(r.probabilityOfWaiting).toBeCloseTo(0.6, 14);
    expect(r.meanWait).toBeCloseTo(0.6 / 2, 14);
  });

  it('rejects unstable queues', () => {
    expect(() => erlangC(10, 1, 10)).toThrow(RangeError);
  });
});

describe('conversions and frequency-duration', () => {
  it('downtime per year round-trips', () => {
    expect(availabilityFromDowntimePerYear(downtimePerYear(0.9995))).toBeCloseTo(0.9995, 14);
    expect(downtimePerYear(0.9999) / 60).toBeCloseTo(52.56, 10);
  });

  it('MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu; null when nu = 0', () => {
    expect(frequencyDuration(0.9, 0.01)).toEqual({ mtbf: 100, mut: 90, mdt: expect.closeTo(10, 12) });
    expect(frequencyDuration(1, 0)).toEqual({ mtbf: null, mut: null, mdt: null });
  });

  it('backup loss rejects q = 1', () => {
    expect(() => periodicBackupExpectedLoss(10, 1)).toThrow(RangeError);
  });
});

describe('laws', () => {
  it('special functions', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 14);
    expect(erfc(3.5) / 7.430983723414128e-7).toBeCloseTo(1, 12);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 14);
  });

  it('means and survival functions', () => {
    expect(lawMean({ kind: 'weibull', shape: 1, scale: 50 })).toBeCloseTo(50, 10);
    expect(lawMean({ kind: 'weibull', shape: 2, scale: 10 })).toBeCloseTo(5 * Math.sqrt(Math.PI), 10);
    expect(lawMean({ kind: 'lognormal', mu: 1, sigma: 0.5 })).toBeCloseTo(Math.exp(1.125), 12);
    expect(lawMean({ kind: 'normal', mean: 100, sd: 1 })).toBeCloseTo(100, 12);
    // Half-normal: mean sd sqrt(2/pi).
    expect(lawMean({ kind: 'normal', mean: 0, sd: 2 })).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 12);
    expect(lawMean({ kind: 'uniform', min: 2, max: 4 })).toBe(3);
    expect(lawMean({ kind: 'empirical', samples: [1, 2, 6] })).toBe(3);
    expect(lawSurvival({ kind: 'exponential', mean: 10 }, 10)).toBeCloseTo(Math.exp(-1), 15);
    expect(lawSurvival({ kind: 'lognormal', mu: Math.log(7), sigma: 1 }, 7)).toBeCloseTo(0.5, 14);
    expect(lawSurvival({ kind: 'fixed', value: 5 }, 4.9)).toBe(1);
    expect(lawSurvival({ kind: 'fixed', value: 5 }, 5)).toBe(0);
    expect(() => lawMean({ kind: 'empirical', samples: [] })).toThrow(RangeError);
  });
});

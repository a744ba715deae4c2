/**
 * Reference model of Envoy's admission control filter, written from the Envoy documentation only
 * (configuration/http/http_filters/admission_control_filter, "Overview", and the API reference
 * extensions.filters.http.admission_control.v3.AdmissionControl, fields aggression, sr_threshold, rps_threshold,
 * max_rejection_probability, sampling_window):
 *
 *   P_reject = ((n_total - s) / (n_total + 1))^(1 / aggression),  s = n_success / threshold,
 *
 * clamped below at 0 (the API reference writes max(0, ...)), capped at max_rejection_probability; no rejection
 * while the window's request rate (n_total / sampling_window) is below rps_threshold. The window is the last
 * `sampling_window` whole seconds. Deliberately naive: it keeps every recorded outcome and recounts.
 */
export interface ReferenceAdmission {
  samplingWindow: number;
  aggression: number;
  srThreshold: number;
  rpsThreshold: number;
  maxRejectionProbability: number;
}

export function referenceReject(a: ReferenceAdmission, nTotal: number, nSuccess: number): number {
  if (nTotal === 0) return 0;
  if (nTotal / a.samplingWindow < a.rpsThreshold) return 0;
  const s = nSuccess / a.srThreshold;
  const base = (nTotal - s) / (nTotal + 1);
  if (base <= 0) return 0;
  return Math.min(a.maxRejectionProbability, Math.pow(base, 1 / a.aggression));
}

/** Outcomes recorded at times (seconds); the counts of the whole seconds [floor(now) - W + 1, floor(now)]. */
export class ReferenceWindow {
  private readonly log: { t: number; ok: boolean }[] = [];
  constructor(private readonly a: ReferenceAdmission) {}
  record(t: number, ok: boolean): void {
    this.log.push({ t, ok });
  }
  reject(now: number): number {
    const first = Math.floor(now) - this.a.samplingWindow + 1;
    const inWindow = this.log.filter((x) => Math.floor(x.t) >= first && x.t <= now);
    return referenceReject(this.a, inWindow.length, inWindow.filter((x) => x.ok).length);
  }
}

/** Why plan rejects a candidate, in words (never "simulated null"). */
import { describe, expect, it } from 'vitest';
import { sloFailureReason } from '../src/plan/search.js';

describe('sloFailureReason', () => {
  it('names the note when nothing single was measured (rpo_max with unrecoverable losses)', () => {
    const r = sloFailureReason({ objective: 'rpo_max', target: 300, measured: null, status: 'fail', confident: true, note: '2 of 9 incidents exceed it (2 unrecoverable)' });
    expect(r).toBe('rpo_max: 2 of 9 incidents exceed it (2 unrecoverable)');
    expect(r).not.toMatch(/null/);
  });
  it('formats availability as a percentage and durations with units', () => {
    expect(sloFailureReason({ objective: 'availability', target: 0.999, measured: 0.998, status: 'fail', confident: true, note: '' })).toBe('availability: simulated 99.8000% misses the target 99.9000%');
    expect(sloFailureReason({ objective: 'outage_duration_p99', target: 1800, measured: 3600, status: 'fail', confident: true, note: '' })).toMatch(/simulated 1 ?h misses the target 30 ?min/);
  });
});

/**
 * The zod schema of a shard file (`faultline.shard/v1`, docs/scaling.md): `faultline merge` validates every
 * shard against it before trusting a number, and reports the first problem with the shard file and the
 * field path (`replications[3].uptime: expected a finite number in [0, window]`). Area statistics (`data`,
 * `traffic`, `attribution`) are checked structurally (finite numbers, no strings where numbers are expected); their exact
 * contents are covered by the shard's integrity hash (shard.ts).
 */
import * as z from 'zod';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const nonNegative = finite.refine((v) => v >= 0, 'expected a finite number >= 0');
const count = z.number().int().nonnegative().refine(Number.isSafeInteger, 'expected a safe integer');

/**
 * Area statistics: numbers (non-finite ones too: a restore that never ends has an infinite RTO), booleans,
 * null, strings (labels), arrays and objects.
 */
const areaValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.number(), z.boolean(), z.null(), z.string().max(10_000), z.array(areaValue), z.record(z.string(), areaValue)]),
);

/** One replication's statistics (src/observe/replication-stats.ts). */
export const replicationStatsSchema = z
  .object({
    replication: count,
    window: nonNegative,
    uptime: nonNegative,
    downtime: nonNegative,
    outages: count,
    outageDurations: z.array(nonNegative),
    censoredOutages: count,
    firstFailure: nonNegative.nullable(),
    upAtProbe: z.array(z.boolean()),
    instanceDowntime: z.array(nonNegative),
    events: count,
    data: areaValue.optional(),
    traffic: areaValue.optional(),
    attribution: areaValue.optional(),
  })
  .superRefine((r, ctx) => {
    // Up and down time add up to the window (float addition: relative slack).
    const slack = 1e-9 * Math.max(1, r.window);
    if (r.uptime > r.window + slack) ctx.addIssue({ code: 'custom', path: ['uptime'], message: `expected at most the window (${r.window}), got ${r.uptime}` });
    if (Math.abs(r.uptime + r.downtime - r.window) > slack * 1e3) ctx.addIssue({ code: 'custom', path: ['downtime'], message: 'expected uptime + downtime = window' });
    for (const [i, d] of r.instanceDowntime.entries()) {
      if (d > r.window + slack) ctx.addIssue({ code: 'custom', path: ['instanceDowntime', i], message: `expected at most the window (${r.window}), got ${d}` });
    }
  });

const timelineEntry = z.object({ t: nonNegative, element: z.string(), up: z.boolean() });

/** The shard file (src/run/shard.ts ShardFile). */
export const shardFileSchema = z.object({
  schema: z.literal('faultline.shard/v1'),
  tool: z.object({ name: z.literal('faultline'), version: z.string() }),
  scenario: z.object({ file: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'), source: z.string() }),
  seed: count,
  plannedReplications: count.refine((n) => n >= 1, 'expected an integer >= 1'),
  targetHalfWidth: finite.nullable(),
  shard: z.object({ index: count, count: count.refine((n) => n >= 1, 'expected an integer >= 1'), assignment: z.literal('contiguous'), start: count, end: count }),
  timelineReplication: z.number().int(),
  replications: z.array(replicationStatsSchema),
  replicationsHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'),
  timeline: z.object({ replication: count, entries: z.array(timelineEntry), truncated: z.boolean() }).nullable(),
});

/** The first problem of a zod validation as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '<document>'}: ${issue.message}`;
}

/**
 * Human summaries of the data part of a scenario for `faultline validate` and of its closed-form
 * expectations for `faultline analyze`.
 */
import { describeLaw } from '../scenario/laws.js';
import { formatDuration } from '../scenario/duration.js';
import { formatBytes } from '../scenario/size.js';
import type { Scenario } from '../scenario/types.js';
import { dataExpectations } from './analytic.js';

/** Lines describing datastores, backup policies, streams and data faults (empty without data). */
export function describeData(sc: Scenario): string[] {
  const d = sc.data;
  if (!d) return [];
  const L: string[] = [];
  for (const s of d.datastores) {
    const repl = s.mode === 'none' ? 'no replication' : `${s.mode} replication to ${s.replicas.join(',')}` + (s.lag ? `, lag ${describeLaw(s.lag)}` : '') + (s.quorum ? `, N=${s.quorum.n} W=${s.quorum.w} R=${s.quorum.r}` : '');
    const initial = d.backups.some((b) => b.datastore === s.name && b.type === 'full') ? (s.initialBackup ? ', full backup at t = 0' : ', no backup at t = 0 (start-up losses reported apart)') : '';
    L.push(`datastore ${s.name}: primary ${s.primary}, ${repl}, ${formatBytes(s.size)}, writes ${formatBytes(s.writeRate)}/s, promotion ${describeLaw(s.promotion)}` + (s.reads ? `, ${(s.reads.replicaFraction * 100).toPrecision(3)}% reads on replicas` : '') + initial);
    const a = s.archive;
    if (a) {
      const fails = a.failure && a.repair ? `archiver fails after ${describeLaw(a.failure)}, repaired in ${describeLaw(a.repair)}` : 'archiver never fails';
      L.push(`  archive (point-in-time recovery): ${a.storage}, lag ${describeLaw(a.lag)}, log ${formatBytes(a.walRate)}/s replayed at ${formatBytes(a.replayRate)}/s, ${fails}`);
    }
  }
  for (const b of d.backups) {
    const when = b.schedule.type === 'cron' ? `cron "${b.schedule.expression}"` : `every ${formatDuration(b.schedule.every)}` + (b.schedule.offset ? ` from ${formatDuration(b.schedule.offset)}` : '');
    const keep = [b.retentionAge !== null ? `${formatDuration(b.retentionAge)}` : '', b.retentionCount !== null ? `${b.retentionCount} backups` : ''].filter(Boolean).join(' / ') || 'all';
    L.push(`backup ${b.name}: ${b.type} of ${b.datastore} ${when}, ${formatBytes(b.throughput)}/s, keep ${keep}, ${b.target}, fails ${b.failureProbability}, corrupt ${b.silentCorruptionProbability} (${b.verification})`);
  }
  for (const s of d.streams) {
    L.push(`stream ${s.name}: ${s.instances.join(',')}, ${s.inputRate}/s of ${s.capacity}/s, checkpoint every ${formatDuration(s.checkpointInterval)} (${formatDuration(s.checkpointDuration)}), state ${formatBytes(s.stateSize)}, ${s.spareInstances} spare, ${s.delivery}`);
  }
  for (const f of d.faults) {
    const when = f.schedule.type === 'at' ? `at ${formatDuration(f.schedule.at)}` : `${(f.schedule.rate * 365 * 86400).toPrecision(3)}/year`;
    L.push(`fault ${f.source.path}: ${f.kind} ${f.datastore ?? f.zone ?? f.targets.join(',')} ${when}` + (f.detection ? `, detected after ${describeLaw(f.detection)}` : ''));
  }
  return L;
}

/** Lines listing the data closed forms (empty without data). */
export function describeDataExpectations(sc: Scenario): string[] {
  return dataExpectations(sc).map(
    (e) => `${e.metric}: ${e.unit === 'seconds' ? formatDuration(e.value) : e.unit === 'probability' ? `${(e.value * 100).toPrecision(4)}%` : e.value.toPrecision(4)} (${e.formula}; ${e.source})` + (e.violations.length ? ` approximate: ${e.violations.join('; ')}` : ''),
  );
}

/**
 * examples/slurm/array.sh on a real Slurm cluster: a single-node cluster on this machine
 * (examples/slurm/local-cluster.sh: munge, slurmctld and slurmd on localhost, no cgroups), the script
 * submitted as a 4-task job array whose first task queues the merge job (afterok on the array), and the
 * merged results.json, report.md and report.html compared byte for byte with a single `faultline run`.
 *
 * Needs Debian's slurmctld, slurmd, slurm-client and munge, and root to start the daemons. Skipped with a
 * warning when sbatch is missing; with FAULTLINE_REQUIRE_SLURM=1 (set by .ci/run) it fails instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/cli.js';

const required = process.env.FAULTLINE_REQUIRE_SLURM === '1';
const haveSlurm = spawnSync('sbatch', ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveSlurm && !required) {
  console.warn('WARNING: sbatch not found: the Slurm test is SKIPPED (apt-get install slurmctld slurmd slurm-client munge; FAULTLINE_REQUIRE_SLURM=1 makes this a failure)');
}

const tmp = mkdtempSync(join(tmpdir(), 'faultline-slurm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when the partition has a node ready to run jobs. */
function clusterUp(): boolean {
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
  return r.status === 0 && /idle|mixed|allocated/.test(r.stdout);
}

function jobStates(ids: string[]): string {
  return ids.map((id) => spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8' }).stdout.match(/JobState=\S+/g)?.join(',') ?? `${id}: gone`).join('; ');
}

describe.skipIf(!haveSlurm && !required)('Slurm job array (examples/slurm/array.sh)', () => {
  it('4 array tasks then the merge job give the single run\'s results.json, report.md and report.html byte for byte', async () => {
    expect(haveSlurm, 'sbatch is not installed (FAULTLINE_REQUIRE_SLURM=1)').toBe(true);
    if (!clusterUp()) execFileSync(join(ROOT, 'examples/slurm/local-cluster.sh'), ['start'], { stdio: 'inherit' });
    expect(clusterUp()).toBe(true);

    mkdirSync(join(tmp, 'scenarios'));
    copyFileSync(join(ROOT, 'scenarios/ecommerce.yaml'), join(tmp, 'scenarios/ecommerce.yaml'));
    const env = {
      ...process.env,
      FAULTLINE: `${process.execPath} ${CLI}`,
      FAULTLINE_SEED: '7',
      FAULTLINE_REPLICATIONS: '200',
      FAULTLINE_SHARDS: '4',
      FAULTLINE_SHARD_DIR: 'shards',
      FAULTLINE_REPORT_DIR: 'merged',
      FAULTLINE_MERGE_MEM: '1G',
    };
    // --cpus-per-task and --mem on the command line override the script's #SBATCH lines (sized for real runs).
    const sub = spawnSync('sbatch', ['--parsable', '--array=0-3', '--cpus-per-task=1', '--mem=1G', join(ROOT, 'examples/slurm/array.sh')], { cwd: tmp, env, encoding: 'utf8' });
    expect(sub.status, sub.stderr).toBe(0);
    const arrayJob = sub.stdout.trim().split(';')[0];

    const deadline = Date.now() + 240_000;
    const merged = join(tmp, 'merged', 'report.html');
    while (!existsSync(merged) && Date.now() < deadline) await sleep(1000);
    const logs = () => readdirSync(tmp).filter((f) => f.endsWith('.out')).map((f) => `--- ${f}\n${readFileSync(join(tmp, f), 'utf8')}`).join('\n');
    expect(existsSync(merged), `no merged report after 240 s; jobs: ${jobStates([arrayJob])}\n${logs()}`).toBe(true);
    await sleep(500); // the merge job writes report.html last; let it exit

    expect(readdirSync(join(tmp, 'shards')).sort()).toEqual([0, 1, 2, 3].map((i) => `shard-${i}-of-4.json`));
    const single = spawnSync(process.execPath, [CLI, 'run', 'scenarios/ecommerce.yaml', '--seed', '7', '--replications', '200', '--out', 'single', '--no-progress'], { cwd: tmp, encoding: 'utf8' });
    expect([0, 3], single.stderr).toContain(single.status);
    for (const f of ['results.json', 'report.md', 'report.html']) {
      expect(readFileSync(join(tmp, 'merged', f), 'utf8') === readFileSync(join(tmp, 'single', f), 'utf8'), `${f} differs`).toBe(true);
    }
    // Every array task ran as a Slurm job on the cluster (its log names the shard it wrote).
    expect(readdirSync(tmp).filter((f) => /^faultline-shard-\d+_\d\.out$/.test(f)).length).toBe(4);
  }, 300_000);
});

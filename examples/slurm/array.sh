#!/bin/bash
# faultline on Slurm: 8 shards as a job array, then a merge job that runs only if every shard succeeded
# (docs/scaling.md). Submit from a directory on a file system shared by the compute nodes:
#
#   sbatch examples/slurm/array.sh                 # submits the array; the array's first task submits the merge
#
# or by hand, without the self-submission below:
#   jid=$(sbatch --parsable --array=0-7 examples/slurm/array.sh)
#   sbatch --dependency=afterok:${jid} --wrap "npx faultline merge shards/ --out reports/ecommerce"
#
# Tried for real in CI: test/slurm.test.ts starts a single-node cluster (examples/slurm/local-cluster.sh),
# submits this script with 4 array tasks and checks that the merged report equals a single run's, byte for byte.
#
# Every shard must use the same scenario path and content, --seed and --replications (pinned below).
#SBATCH --job-name=faultline-shard
#SBATCH --array=0-7                 # task ids 0..7 = shard i of 8 (shards are numbered from 0)
#SBATCH --cpus-per-task=2           # faultline --workers auto uses the CPUs it is given
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=faultline-shard-%A_%a.out   # in the submission directory (Slurm does not create directories)
set -euo pipefail

# Settings (environment variables override them; sbatch passes the submitting shell's environment):
SCENARIO=${FAULTLINE_SCENARIO:-scenarios/ecommerce.yaml}
SEED=${FAULTLINE_SEED:-42}
REPLICATIONS=${FAULTLINE_REPLICATIONS:-200000}
SHARDS=${FAULTLINE_SHARDS:-8}                  # must match the --array range (0..SHARDS-1)
OUT=${FAULTLINE_SHARD_DIR:-shards/ecommerce-seed${SEED}}
REPORT=${FAULTLINE_REPORT_DIR:-reports/ecommerce}
FAULTLINE=${FAULTLINE:-"npx --no-install faultline"}   # or: node /path/to/faultline/dist/cli/main.js

# A shard count that differs from the array's size would leave shards missing (merge would refuse them).
if [[ -n "${SLURM_ARRAY_TASK_COUNT:-}" && "${SLURM_ARRAY_TASK_COUNT}" != "${SHARDS}" ]]; then
  echo "faultline: the job array has ${SLURM_ARRAY_TASK_COUNT} tasks but SHARDS=${SHARDS}: submit with --array=0-$((SHARDS - 1))" >&2
  exit 2
fi

mkdir -p "$OUT"

# The first task queues the merge job, which starts only after every array task ended with exit 0
# (afterok on the whole array job id). Exit 2 from merge: a shard is missing, duplicated or from another run.
if [[ "${SLURM_ARRAY_TASK_ID}" == "0" ]]; then
  sbatch --job-name=faultline-merge --dependency=afterok:"${SLURM_ARRAY_JOB_ID}" \
    --output=faultline-merge-%j.out --time=00:30:00 --mem="${FAULTLINE_MERGE_MEM:-4G}" \
    --wrap "$FAULTLINE merge '$OUT' --out '$REPORT'"
fi

# --workers defaults to auto: os.availableParallelism(), which honours the CPUs Slurm binds the task to.
exec $FAULTLINE run "$SCENARIO" --seed "$SEED" --replications "$REPLICATIONS" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$OUT" --no-progress

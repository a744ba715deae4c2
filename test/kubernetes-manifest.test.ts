/**
 * examples/kubernetes/indexed-job.yaml against the Kubernetes API schema: every object is validated by
 * kubernetes-models (validators generated from the Kubernetes OpenAPI specification: types, enums and
 * required fields of PersistentVolumeClaim, ConfigMap and batch/v1 Job, including the Indexed Job fields
 * completionMode, backoffLimitPerIndex and maxFailedIndexes). The validator does not reject unknown
 * fields (Kubernetes' strict field validation does), so the Job keys the example relies on are checked by
 * name. Then the faultline parts: the embedded scenario is valid and the shard count in the command equals
 * `completions` (Kubernetes Indexed Job: JOB_COMPLETION_INDEX runs 0..completions-1).
 */
import { readFileSync } from 'node:fs';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseScenario } from '../src/scenario-document/load.js';

const FILE = 'examples/kubernetes/indexed-job.yaml';
const docs = parseAllDocuments(readFileSync(FILE, 'utf8')).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown });

function validate(doc: (typeof docs)[number]): void {
  const key = `${doc.apiVersion}/${doc.kind}`;
  switch (key) {
    case 'v1/PersistentVolumeClaim':
      return new PersistentVolumeClaim(doc as never).validate();
    case 'v1/ConfigMap':
      return new ConfigMap(doc as never).validate();
    case 'batch/v1/Job':
      return new Job(doc as never).validate();
    default:
      throw new Error(`no schema for ${key}`);
  }
}

type JobDoc = { spec: { completionMode?: string; completions?: number; parallelism?: number; template: { spec: { containers: { args?: string[]; command?: string[] }[] } } } };

describe(FILE, () => {
  it('every object validates against the Kubernetes schema', () => {
    expect(docs.map((d) => `${d.apiVersion}/${d.kind}`)).toEqual(['v1/PersistentVolumeClaim', 'v1/ConfigMap', 'batch/v1/Job', 'batch/v1/Job']);
    for (const d of docs) expect(() => validate(d), d.metadata.name).not.toThrow();
  });

  it('the validator catches a wrong type and a missing required field (the check can fail)', () => {
    const job = structuredClone(docs[2]) as unknown as JobDoc & (typeof docs)[number];
    (job.spec as Record<string, unknown>).completions = 'eight';
    expect(() => validate(job)).toThrow(/completions must be integer/);
    const noName = structuredClone(docs[2]) as unknown as JobDoc & (typeof docs)[number];
    delete (noName.spec.template.spec.containers[0] as Record<string, unknown>).name;
    expect(() => validate(noName)).toThrow(/required property/);
  });

  it('the shard Job is an Indexed Job whose completions equal the shard count, and the scenario is valid', () => {
    const shards = docs[2] as unknown as JobDoc;
    expect(Object.keys(shards.spec).sort()).toEqual(['backoffLimitPerIndex', 'completionMode', 'completions', 'maxFailedIndexes', 'parallelism', 'template']);
    expect(shards.spec.completionMode).toBe('Indexed');
    const args = shards.spec.template.spec.containers[0].args?.join(' ') ?? '';
    const m = /--shard "\$\{JOB_COMPLETION_INDEX\}\/(\d+)"/.exec(args);
    expect(m, args).not.toBeNull();
    expect(Number(m![1])).toBe(shards.spec.completions);
    const scenario = (docs[1] as unknown as { data: Record<string, string> }).data['scenario.yaml'];
    const sc = parseScenario(scenario, 'scenario.yaml');
    expect(args).toContain(`--seed ${sc.seed}`);
    expect(args).toContain(`--replications ${sc.plan.replications}`);
  });
});

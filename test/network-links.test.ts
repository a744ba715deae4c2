/**
 * Issue 11 item 13: a zone pair without a declared link no longer gets 0 ms silently. With a `network`
 * section every pair of zones needs a link or `network.default_latency`; the error names file:line:col,
 * the path and what is expected; the default is what an undeclared pair gets (checked on the network's
 * round trip, 2 x one-way latency by definition of a request/response exchange).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkState } from '../src/traffic/network/network.js';
import { loadScenario, parseScenario } from '../src/scenario-document/load.js';
import { faultline, ROOT } from './helpers/cli.js';

const scenario = (network: string) => `name: links
horizon: 1h
replications: 2
seed: 1
components:
  api: { count: 3, zones: [a, b, c], failure: none, repair: none }
services:
  api:
    instances: api
    service_time: { fixed: 10ms }
    timeout: 1s
traffic: { entry: api, rate: 1/s, client_zone: a }
${network}
`;

describe('zone links (item 13)', () => {
  it('a network with missing zone pairs is rejected with file:line:col, path and expectation (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-links-'));
    const file = join(dir, 'links.yaml');
    writeFileSync(file, scenario('network:\n  links:\n    - { between: [a, b], latency: 1ms }\n'));
    const r = faultline(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:15:5:`); // the links list
    expect(r.stderr).toMatch(/network\.links/);
    expect(r.stderr).toMatch(/no link between zones \[a, c\], \[b, c\]/);
    expect(r.stderr).toMatch(/default_latency/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('network.default_latency fills the pairs left out; declared links keep theirs', () => {
    const sc = parseScenario(scenario('network:\n  default_latency: 5ms\n  links:\n    - { between: [a, b], latency: 1ms }\n'));
    const net = new NetworkState(sc.traffic!, sc.instances);
    const idx = (id: string) => sc.instances.findIndex((i) => i.id === id);
    expect(net.linkLatency(idx('api[1]'), idx('api[2]'))).toBeCloseTo(0.001, 15);
    expect(net.linkLatency(idx('api[1]'), idx('api[3]'))).toBeCloseTo(0.005, 15);
    expect(net.linkLatency(idx('api[2]'), idx('api[3]'))).toBeCloseTo(0.005, 15);
  });

  it('every bundled scenario still validates (the format only grows)', () => {
    const dir = join(ROOT, 'scenarios');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) expect(() => loadScenario(join(dir, f)), f).not.toThrow();
  });
});

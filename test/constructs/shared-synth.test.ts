import { describe, expect, it } from 'vitest';
import config from '../../vitest.config';
import { synthMember, synthOrg } from './org-synth';
import { synth, synthBuilds } from './synth';

type Project = { test: { name: string; include?: string[]; isolate?: boolean; hookTimeout?: number; testTimeout?: number } };

describe('shared CDK synthesis', () => {
  it('builds each app kind once per process when several tests ask for the same app', () => {
    expect(synth()).toBe(synth());
    expect(synthOrg()).toBe(synthOrg());
    expect(synthMember()).toBe(synthMember());
    expect(synth({ reconciler: { mode: 'enforce' } })).not.toBe(synth());
    const builds = synthBuilds();
    for (const key of ['TallyStack {}', 'TallyOrganizationStack {}', 'TallyMemberRoleStack {}']) expect(builds.get(key), key).toBe(1);
    // Every app of this worker, from whichever test file asked first, was built exactly once.
    for (const [key, n] of builds) expect(n, key).toBe(1);
  });

  it('runs every construct test in one non-isolated project, with hook limits that fit a first synthesis on a busy machine', () => {
    const projects = (config.test?.projects ?? []) as Project[];
    const constructs = projects.find((p) => p.test.name === 'constructs');
    expect(constructs?.test.include).toEqual(['test/constructs/**/*.test.ts']);
    expect(constructs?.test.isolate).toBe(false);
    expect(constructs?.test.hookTimeout).toBeGreaterThanOrEqual(120_000);
    expect(constructs?.test.testTimeout).toBeGreaterThanOrEqual(120_000);
    // No construct test runs twice: the other projects leave them out.
    for (const other of projects.filter((p) => p !== constructs)) {
      const excluded = (other.test as { exclude?: string[] }).exclude ?? [];
      const included = other.test.include ?? [];
      expect(excluded.includes('test/constructs/**/*.test.ts') || included.every((i) => !i.startsWith('test/constructs') && !i.startsWith('test/**')), other.test.name).toBe(true);
    }
  });
});

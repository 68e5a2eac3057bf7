import { describe, expect, it } from 'vitest';
import { synth } from './synth';

/** The template with what changes on every code edit masked: asset hashes and S3 keys of bundles. */
function masked(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, '[ASSET]'));
}

describe('TallyStack template', () => {
  it('matches the snapshot (report mode, us-east-1)', () => {
    expect(masked(synth().template.toJSON())).toMatchSnapshot();
  });
});

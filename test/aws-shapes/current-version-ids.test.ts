import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersionIds } from '../../lib/aws-shapes/current-version-ids';
import { SDK_PAGES } from '../snapshot/snapshot-dir';

const read = (name: string): unknown => JSON.parse(readFileSync(join(SDK_PAGES, name), 'utf8'));

describe('currentVersionIds', () => {
  it('names the version labelled AWSCURRENT of each ListSecrets entry, beside AWSPREVIOUS and AWSPENDING, when SecretVersionsToStages is present', () => {
    expect([...currentVersionIds(read('secrets-c.json'))]).toEqual([
      ['arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!cluster-a1b2c3d4-5678-90ab-cdef-EXAMPLE11111-a1b2c3', 'a1b2c3d4-5678-90ab-cdef-EXAMPLEbbbbb'],
      ['arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3', 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'],
    ]);
  });

  it('leaves out an entry without an AWSCURRENT version or with a malformed map, and reads nothing from a page that is not one', () => {
    const page = {
      SecretList: [
        { ARN: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:a-111111', Name: 'a', SecretVersionsToStages: { v1: ['AWSPREVIOUS'] } },
        { ARN: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:b-222222', Name: 'b', SecretVersionsToStages: { v2: 'AWSCURRENT' } },
        { ARN: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:c-333333', Name: 'c', SecretVersionsToStages: { v3: ['AWSCURRENT'] } },
      ],
    };
    expect([...currentVersionIds(page).values()]).toEqual(['v3']);
    expect(currentVersionIds({ Secrets: [] }).size).toBe(0);
  });
});

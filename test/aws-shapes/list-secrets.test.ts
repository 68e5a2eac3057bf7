import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeSecretsPages, parseSecretsPage } from '../../lib/aws-shapes/list-secrets';
import { applySecretVersions, parseSecretVersions } from '../../lib/aws-shapes/secret-versions';
import { SDK_PAGES } from '../snapshot/snapshot-dir';

const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(SDK_PAGES, name), 'utf8')) as Record<string, unknown>;
const pages = () => ['secrets-a.json', 'secrets-b.json', 'secrets-c.json'].map((f) => parseSecretsPage(read(f), f));
const MY_TEST_SECRET = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3';

describe('list-secrets', () => {
  it('merges pages, including an empty page that carries a NextToken, deduplicating by ARN', () => {
    const merged = mergeSecretsPages(pages());
    expect(merged.secrets.map((s) => s.name)).toEqual(['AnotherSecret', 'MyTestSecret', 'old-api-key', 'rds!cluster-a1b2c3d4-5678-90ab-cdef-EXAMPLE11111']);
    expect(merged.complete).toBe(true);
  });

  it('reads epoch-second dates, and ISO dates written with a space', () => {
    const secrets = mergeSecretsPages(pages()).secrets;
    expect(secrets.find((s) => s.name === 'MyTestSecret')).toEqual({
      arn: MY_TEST_SECRET,
      name: 'MyTestSecret',
      rotationEnabled: false,
      tags: {},
      lastChangedAt: '2018-04-11T20:05:45.729Z',
    });
    expect(secrets.find((s) => s.name === 'AnotherSecret')?.createdAt).toBe('2026-05-01T10:00:00.123Z');
  });

  it('keeps rotation, owning service, last access and deletion facts', () => {
    const secrets = mergeSecretsPages(pages()).secrets;
    expect(secrets.find((s) => s.owningService === 'rds')).toMatchObject({
      rotationEnabled: true,
      rotationDays: 1,
      lastRotatedAt: '2023-01-11T22:56:21.260Z',
      lastAccessedAt: '2023-01-11T00:00:00.000Z',
      createdAt: '2023-01-11T20:01:40.700Z',
    });
    expect(secrets.find((s) => s.name === 'old-api-key')?.deletedAt).toBe('2026-11-10T12:00:00.000Z');
  });

  it('takes rotation days from a rate() schedule when AutomaticallyAfterDays is absent', () => {
    expect(mergeSecretsPages(pages()).secrets.find((s) => s.name === 'AnotherSecret')?.rotationDays).toBe(30);
  });

  it('marks secrets as incomplete when every page carries a NextToken', () => {
    const merged = mergeSecretsPages(pages().slice(0, 2));
    expect(merged.complete).toBe(false);
    expect(merged.warnings).toEqual([expect.stringMatching(/list-secrets export is incomplete/)]);
  });

  it('names the secret entry and field of a bad date', () => {
    const page = read('secrets-a.json');
    (page.SecretList as Record<string, unknown>[])[1]!.LastAccessedDate = 'Tuesday';
    expect(() => parseSecretsPage(page, 'secrets-a.json')).toThrow('secrets-a.json: SecretList[1].LastAccessedDate: not a date ("Tuesday")');
  });
});

describe('list-secret-version-ids', () => {
  it('sets currentVersionCreatedAt from the AWSCURRENT version', () => {
    const versions = parseSecretVersions(read('versions-my-test-secret.json'), 'v.json');
    const { secrets, warnings } = applySecretVersions(mergeSecretsPages(pages()).secrets, [versions]);
    expect(secrets.find((s) => s.arn === MY_TEST_SECRET)?.currentVersionCreatedAt).toBe('2018-04-11T22:37:01.391Z');
    expect(secrets.find((s) => s.name === 'AnotherSecret')?.currentVersionCreatedAt).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('warns about versions of a secret that list-secrets does not hold', () => {
    const versions = parseSecretVersions({ ...read('versions-my-test-secret.json'), ARN: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:gone-zzzzzz' }, 'v.json');
    expect(applySecretVersions([], [versions]).warnings).toEqual([expect.stringContaining('gone-zzzzzz ignored')]);
  });
});

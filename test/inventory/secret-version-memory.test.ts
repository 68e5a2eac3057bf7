import { ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../lib/actions/memory-audit-log';
import { AuditReadError, AuditWriteError } from '../../lib/actions/action-errors';
import type { Secret } from '../../lib/core/inventory';
import { auditVersionMemory, readCurrentVersionsRemembered, versionKey, type SecretVersionMemory, type VersionDate } from '../../lib/inventory/secret-version-memory';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-20T00:00:00Z');
const arn = (i: number) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ext/partner-${i}-AbCdEf`;
const vid = (i: number) => `a1b2c3d4-5678-90ab-cdef-EXAMPLE${String(i).padStart(5, '0')}`;
const created = (i: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 86_400_000);
const secret = (i: number): Secret => ({ arn: arn(i), name: `ext/partner-${i}`, rotationEnabled: false, createdAt: '2024-01-01T00:00:00.000Z', tags: {} });

describe('readCurrentVersionsRemembered', () => {
  const sm = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const candidates = [1, 2, 3, 4, 5, 6].map(secret);
  const currentIds = new Map(candidates.map((s, i) => [s.arn, vid(i + 1)]));

  beforeEach(() => {
    sm.reset();
    sm.on(ListSecretVersionIdsCommand).callsFake((input: { SecretId: string }) => {
      const i = Number(/partner-(\d+)-/.exec(input.SecretId)![1]);
      return {
        ARN: input.SecretId,
        Name: `ext/partner-${i}`,
        Versions: [
          { VersionId: vid(i), VersionStages: ['AWSCURRENT'], CreatedDate: created(i) },
          { VersionId: vid(100 + i), VersionStages: ['AWSPREVIOUS'], CreatedDate: created(i - 1) },
        ],
      };
    });
  });

  const ages = (versions: { arn: string; currentVersionCreatedAt?: string }[]) => Object.fromEntries(versions.map((v) => [v.arn, v.currentVersionCreatedAt]));
  const expected = Object.fromEntries(candidates.map((s, i) => [s.arn, created(i + 1).toISOString()]));

  it('reads every candidate from Secrets Manager and writes nothing when the memory cannot be read', async () => {
    const writes: VersionDate[] = [];
    const memory: SecretVersionMemory = {
      recall: () => Promise.reject(new AuditReadError('audit', `ver#${ACCOUNT}`, { cause: new Error('ProvisionedThroughputExceededException') })),
      remember: async (vs) => void writes.push(...vs),
    };
    const read = await readCurrentVersionsRemembered(client, candidates, currentIds, memory);
    expect(sm.commandCalls(ListSecretVersionIdsCommand)).toHaveLength(6);
    expect(ages(read.versions)).toEqual(expected);
    expect(writes).toEqual([]);
    expect(read.warnings).toEqual([expect.stringMatching(/secret version dates of account 123456789012 not recalled, read from Secrets Manager instead: AuditReadError/)]);
  });

  it('keeps every age it read and warns once when the memory write fails', async () => {
    const batches: number[] = [];
    const memory: SecretVersionMemory = {
      recall: async () => new Map(),
      remember: (vs) => {
        batches.push(vs.length);
        return Promise.reject(new AuditWriteError('audit', 'run-1', `secret version ${vs[0]!.secretArn}#${vs[0]!.versionId}`, { cause: new Error('AccessDeniedException') }));
      },
    };
    const read = await readCurrentVersionsRemembered(client, candidates, currentIds, memory);
    expect(ages(read.versions)).toEqual(expected);
    // All six dates go to the memory in one write (the audit log puts them in one transaction).
    expect(batches).toEqual([6]);
    expect(read.remembered).toBe(0);
    expect(read.warnings).toEqual([expect.stringMatching(/^6 secret version date\(s\) not all remembered, the next sweep reads those again: AuditWriteError/)]);
  });

  it('takes remembered dates without a call, and remembers the version ListSecretVersionIds labels AWSCURRENT when ListSecrets named an older one', async () => {
    const memory = auditVersionMemory(new MemoryAuditLog(), { runId: 'run-1', now: NOW });
    await memory.remember([
      { secretArn: arn(1), versionId: vid(1), createdAt: created(1).toISOString() },
      { secretArn: arn(2), versionId: vid(2), createdAt: created(2).toISOString() },
    ]);
    // ListSecrets is eventually consistent: for secret 3 it still names the version before the current one.
    const listed = new Map([...currentIds, [arn(3), vid(103)]]);
    const read = await readCurrentVersionsRemembered(client, candidates, listed, memory);
    expect(sm.commandCalls(ListSecretVersionIdsCommand).map((c) => c.args[0].input.SecretId)).toEqual([arn(3), arn(4), arn(5), arn(6)]);
    expect(ages(read.versions)).toEqual(expected);
    expect(read).toMatchObject({ recalled: 2, remembered: 4, warnings: [] });
    const recalled = await memory.recall(ACCOUNT);
    expect(recalled.get(versionKey(arn(3), vid(3)))).toBe(created(3).toISOString());
    expect(recalled.has(versionKey(arn(3), vid(103)))).toBe(false);
  });

  it('reads a candidate whose ListSecrets entry names no current version, as without a memory, when SecretVersionsToStages is absent', async () => {
    const memory = auditVersionMemory(new MemoryAuditLog(), { runId: 'run-1', now: NOW });
    await memory.remember([{ secretArn: arn(1), versionId: vid(1), createdAt: created(1).toISOString() }]);
    const read = await readCurrentVersionsRemembered(client, [secret(1)], new Map(), memory);
    expect(sm.commandCalls(ListSecretVersionIdsCommand)).toHaveLength(1);
    expect(ages(read.versions)).toEqual({ [arn(1)]: created(1).toISOString() });
  });
});

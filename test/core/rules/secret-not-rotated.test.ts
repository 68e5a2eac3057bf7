import { describe, expect, it } from 'vitest';
import { approval, daysAgo, inventory, secret } from '../builders';
import { ofType, run } from '../run';

describe('SECRET_NOT_ROTATED', () => {
  it('reports a secret with rotation disabled', () => {
    const r = run(inventory({ secrets: [secret('prod/api', { rotationEnabled: false, lastRotatedAt: daysAgo(5) })] }));
    expect(ofType(r, 'SECRET_NOT_ROTATED')[0]).toMatchObject({
      control: 'SecretsManager.1',
      variant: 'rotation-disabled',
      title: 'Secret prod/api has automatic rotation disabled',
      summary: expect.stringMatching(/^automatic rotation is disabled; the value set \d{4}-\d\d-\d\d is 5 days old, within the limit of 90 days$/),
    });
  });

  it('says rotation is off and the value overdue when both hold', () => {
    const r = run(inventory({ secrets: [secret('prod/api', { rotationEnabled: false, lastRotatedAt: daysAgo(140) })] }));
    expect(ofType(r, 'SECRET_NOT_ROTATED')[0]).toMatchObject({
      control: 'SecretsManager.4',
      variant: 'disabled-overdue',
      summary: expect.stringMatching(/^automatic rotation is disabled and the value set .* is 140 days old \(limit 90 days\)$/),
    });
  });

  it('says rotation never completed when it is on and the secret was never rotated', () => {
    const r = run(inventory({ secrets: [secret('prod/api', { lastRotatedAt: undefined, createdAt: daysAgo(200) })] }));
    expect(ofType(r, 'SECRET_NOT_ROTATED')[0]).toMatchObject({
      variant: 'never-rotated',
      summary: expect.stringMatching(/^rotation is enabled but has never completed; the value set .* is 200 days old \(limit 90 days\)$/),
    });
  });

  it('reports a rotating secret whose last rotation is older than 90 days', () => {
    const r = run(inventory({ secrets: [secret('prod/db', { lastRotatedAt: daysAgo(140) })] }));
    expect(ofType(r, 'SECRET_NOT_ROTATED')[0]).toMatchObject({
      control: 'SecretsManager.4',
      variant: 'overdue',
      threshold: { actualDays: 140, limitDays: 90 },
      summary: expect.stringMatching(/^rotation is enabled but last ran .*, 140 days ago \(limit 90 days\)$/),
    });
  });

  it('does not report a secret rotated exactly 90 days ago', () => {
    const r = run(inventory({ secrets: [secret('prod/db', { lastRotatedAt: daysAgo(90) })] }));
    expect(ofType(r, 'SECRET_NOT_ROTATED')).toEqual([]);
  });

  it('takes the age from the AWSCURRENT version when rotated outside Secrets Manager', () => {
    const s = secret('ext/partner', { lastRotatedAt: undefined, createdAt: daysAgo(500), currentVersionCreatedAt: daysAgo(20) });
    expect(ofType(run(inventory({ secrets: [s] })), 'SECRET_NOT_ROTATED')).toEqual([]);
    const { currentVersionCreatedAt: _, ...noVersion } = s;
    expect(ofType(run(inventory({ secrets: [noVersion] })), 'SECRET_NOT_ROTATED')).toHaveLength(1);
  });

  it("uses the approval's rotationDays over the policy", () => {
    const s = secret('prod/db', { lastRotatedAt: daysAgo(40) });
    const r = run(inventory({ secrets: [s] }), [approval('prod/db', { kind: 'secret', rotationDays: 30 })]);
    expect(ofType(r, 'SECRET_NOT_ROTATED')[0]?.threshold?.limitDays).toBe(30);
  });

  it('ignores secrets scheduled for deletion', () => {
    const r = run(inventory({ secrets: [secret('old', { rotationEnabled: false, deletedAt: daysAgo(1) })] }));
    expect(r.findings).toEqual([]);
  });

  it('does not require rotation when the policy says so', () => {
    const r = run(inventory({ secrets: [secret('prod/api', { rotationEnabled: false, lastRotatedAt: daysAgo(5) })] }), [], {
      requireSecretRotation: false,
    });
    expect(ofType(r, 'SECRET_NOT_ROTATED')).toEqual([]);
  });
});

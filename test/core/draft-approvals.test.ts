import { describe, expect, it } from 'vitest';
import { approvalSchema } from '../../lib/approvals/approval-schema';
import type { Approval } from '../../lib/core/approval';
import { DRAFT_APPROVER, draftApprovals, draftTicketId, ownerFromTags } from '../../lib/core/draft-approvals';
import type { Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';
import { ACCOUNT, NOW, awsPolicy, group, inventory, key, policyAttachment, role, secret, trust, user, userArn } from './builders';
import { ofType, run } from './run';

const ADMIN_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const READ_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const PARTNER = 'arn:aws:iam::999988887777:root';

/** One principal of every kind of shadow access, and none approved. */
function shadowAccount(): Inventory {
  return inventory({
    users: [
      user('dana', {
        tags: { Owner: 'dana.lead@example.com' },
        groups: ['Readers'],
        attachedPolicies: [policyAttachment('ReadOnlyAccess')],
        inlinePolicies: [{ policyName: 'read-bucket', document: READ_DOC }],
        accessKeys: [key(1, 10, 1), key(2, 5, 1)],
      }),
      user('ops', { groups: ['Admins'] }),
    ],
    roles: [role('partner-access', { trustPolicy: trust(PARTNER, `arn:aws:iam::${ACCOUNT}:root`), tags: { 'tally:owner': 'partners@example.com' } })],
    groups: [group('Readers', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] }), group('Admins', { attachedPolicies: [policyAttachment('AdministratorAccess')] })],
    secrets: [secret('db-password', { tags: { OWNER: 'dba@example.com' } })],
  });
}

function draftsOf(inv: Inventory, options: { ownerTag?: string; creators?: ReadonlyMap<string, string> } = {}) {
  const result = run(inv, [], options.ownerTag ? { ownerTag: options.ownerTag } : {});
  return { result, ...draftApprovals(result.findings, { inventory: inv, now: NOW, ...options }) };
}

const approve = (drafts: Approval[]): Approval[] => drafts.map((d) => ({ ...d, status: 'approved', approvedBy: 'security-lead@example.com' }));

describe('draftApprovals', () => {
  it('drafts every entitlement kind as an approval would name it when the account has shadow access', () => {
    const { drafts, result } = draftsOf(shadowAccount());
    const byKind = (principal: string, kind: string) => drafts.filter((d) => d.principal === principal && d.entitlement.kind === kind).map((d) => d.entitlement);
    const dana = userArn('dana');
    expect(byKind(dana, 'identity')).toEqual([{ kind: 'identity' }]);
    expect(byKind(dana, 'managed-policy')).toEqual([{ kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }]);
    const sha = result.findings.find((f) => f.observed?.kind === 'inline-policy' && f.observed.principal === dana)!.observed!.detail!.documentSha256;
    expect(byKind(dana, 'inline-policy')).toEqual([{ kind: 'inline-policy', policyName: 'read-bucket', documentSha256: sha }]);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(byKind(dana, 'group-membership')).toEqual([{ kind: 'group-membership', group: 'Readers' }]);
    expect(byKind(dana, 'access-key')).toEqual([{ kind: 'access-key', maxKeys: 2 }]);
    expect(byKind(role('partner-access').arn, 'role-trust')).toEqual([{ kind: 'role-trust', principals: [`arn:aws:iam::${ACCOUNT}:root`, PARTNER] }]);
    expect(byKind(secret('db-password').arn, 'secret')).toEqual([{ kind: 'secret' }]);
    expect(byKind(group('Admins').arn, 'managed-policy')).toEqual([{ kind: 'managed-policy', policyArn: awsPolicy('AdministratorAccess') }]);
    for (const d of drafts) {
      expect(d).toMatchObject({ status: 'draft', approvedBy: DRAFT_APPROVER, approvedAt: NOW });
      expect(d.ticketId).toBe(draftTicketId(d.draftOf!));
    }
    expect(drafts.map((d) => d.draftOf).sort()).toEqual(ofType(result, 'UNAPPROVED_ENTITLEMENT').map((f) => f.id).sort());
  });

  it('marks a draft privileged when what it grants is admin-like and standard otherwise', () => {
    const inv = shadowAccount();
    inv.users.push(user('root-ish', { inlinePolicies: [{ policyName: 'everything', document: ADMIN_DOC }] }));
    const { drafts } = draftsOf(inv);
    const risk = (principal: string, kind: string) => drafts.find((d) => d.principal === principal && d.entitlement.kind === kind)!.risk;
    expect(risk(userArn('ops'), 'group-membership')).toBe('privileged');
    expect(risk(group('Admins').arn, 'managed-policy')).toBe('privileged');
    expect(risk(userArn('root-ish'), 'inline-policy')).toBe('privileged');
    expect(risk(userArn('root-ish'), 'identity')).toBe('privileged');
    expect(risk(userArn('dana'), 'managed-policy')).toBe('standard');
    expect(risk(userArn('dana'), 'inline-policy')).toBe('standard');
    expect(risk(userArn('dana'), 'access-key')).toBe('standard');
  });

  it('suggests the owner tag of the principal, matched case-insensitively, when one is set', () => {
    const { drafts } = draftsOf(shadowAccount());
    const owners = new Map(drafts.map((d) => [d.principal, d.owner]));
    expect(owners.get(userArn('dana'))).toBe('dana.lead@example.com');
    expect(owners.get(role('partner-access').arn)).toBe('partners@example.com');
    expect(owners.get(secret('db-password').arn)).toBe('dba@example.com');
    expect(owners.get(userArn('ops'))).toBeUndefined();
  });

  it('reads the owner from the tag key the policy names when ownerTag is set', () => {
    const inv = inventory({ users: [user('eve', { tags: { Owner: 'not-this', 'cost:owner-team': 'finance@example.com' } })] });
    const policy = parsePolicy({ ownerTag: 'Cost:Owner-Team' });
    const { drafts } = draftsOf(inv, { ownerTag: policy.ownerTag! });
    expect(drafts.map((d) => d.owner)).toEqual(['finance@example.com']);
    expect(ownerFromTags({ owner: '  ' }, undefined)).toBeUndefined();
  });

  it('falls back to the creator the caller passes when the principal has no owner tag', () => {
    const creators = new Map([
      [userArn('ops'), 'arn:aws:sts::123456789012:assumed-role/Admin/jo'],
      [userArn('dana'), 'ignored-when-tagged'],
    ]);
    const { drafts } = draftsOf(shadowAccount(), { creators });
    const owners = new Map(drafts.map((d) => [d.principal, d.owner]));
    expect(owners.get(userArn('ops'))).toBe('arn:aws:sts::123456789012:assumed-role/Admin/jo');
    expect(owners.get(userArn('dana'))).toBe('dana.lead@example.com');
    expect(owners.get(group('Admins').arn)).toBeUndefined();
  });

  it('gives the same drafts when the same inventory is drafted twice, in any finding order', () => {
    const first = draftsOf(shadowAccount());
    const second = draftsOf(shadowAccount());
    const reversed = draftApprovals([...second.result.findings].reverse(), { inventory: shadowAccount(), now: NOW });
    expect(second.drafts).toEqual(first.drafts);
    expect(reversed.drafts).toEqual(first.drafts);
    expect(new Set(first.drafts.map((d) => d.ticketId)).size).toBe(first.drafts.length);
  });

  it('produces records approvalSchema accepts unchanged when each draft is validated', () => {
    const { drafts } = draftsOf(shadowAccount());
    expect(drafts.length).toBeGreaterThan(8);
    for (const d of drafts) expect(approvalSchema.parse(d)).toEqual(d);
  });

  it('skips a root access key when the finding names no approvable entitlement', () => {
    const inv = inventory({ root: { arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeys: [key(1, 10, 1)] } });
    const { drafts, skipped, result } = draftsOf(inv);
    expect(drafts).toEqual([]);
    expect(skipped).toEqual([{ findingId: ofType(result, 'UNAPPROVED_ENTITLEMENT')[0]!.id, reason: expect.stringMatching(/Root user has an active access key/) }]);
  });

  it('leaves no UNAPPROVED_ENTITLEMENT and reconciles every draft when the drafts are approved', () => {
    const inv = shadowAccount();
    const { drafts } = draftsOf(inv);
    const after = reconcile(inv, approve(drafts), parsePolicy({}), NOW);
    expect(ofType(after, 'UNAPPROVED_ENTITLEMENT')).toEqual([]);
    expect(after.findings.filter((f) => ['DRIFTED_ENTITLEMENT', 'APPROVED_NOT_PROVISIONED', 'EXPIRED_APPROVAL_ACTIVE'].includes(f.type))).toEqual([]);
    expect(new Set(after.outcomes.map((o) => o.outcome))).toEqual(new Set(['RECONCILED']));
    expect(after.outcomes).toHaveLength(drafts.length);
  });

  it('counts nothing as approved when the drafts are added still in draft', () => {
    const inv = shadowAccount();
    const { drafts, result } = draftsOf(inv);
    const again = reconcile(inv, drafts, parsePolicy({}), NOW);
    expect(ofType(again, 'UNAPPROVED_ENTITLEMENT').map((f) => f.id)).toEqual(ofType(result, 'UNAPPROVED_ENTITLEMENT').map((f) => f.id));
  });
});

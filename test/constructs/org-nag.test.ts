import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ContextError, stackPropsFromContext } from '../../lib/constructs/app-context';
import { DEFAULT_EXTERNAL_ID, organizationFromContext } from '../../lib/constructs/org-context';
import { synthMember, synthOrg } from './org-synth';
import { ACCOUNT } from './synth';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
  );
}

const variants: [string, () => { app: IConstruct }][] = [
  ['the organization stack in report mode, us-east-1', () => synthOrg()],
  ['the organization stack in enforce mode, eu-west-1, one organization, exclusions', () =>
    synthOrg({ region: 'eu-west-1', reconciler: { mode: 'enforce' }, organization: { organizationId: 'o-abcdef1234', excludeAccounts: ['111111111111'] } })],
  ['an environment-agnostic organization stack', () => synthOrg({ region: null })],
  ['the member role template', () => synthMember()],
  ['the member role template in enforce mode', () => synthMember({ enforce: true })],
  ['the member role template with revocation', () => synthMember({ enforce: true, revocation: true })],
];

describe('cdk-nag AwsSolutions on the organization deployment', () => {
  it.each(variants)('reports nothing unacknowledged for %s', (_name, make) => {
    const report = new AwsSolutionsChecks().validateScope(make().app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it.each(variants)('gives every acknowledgement a reason for %s', (_name, make) => {
    for (const a of acknowledgements(make().app)) expect((a.reason as string).length, `${a.path} ${a.id}`).toBeGreaterThan(30);
  });

  it('acknowledges, beyond the single-account stack, only the member role pattern, the state machine’s own executions and function versions, and the start DLQ', () => {
    const org = acknowledgements(synthOrg().app).filter((a) => a.path.startsWith('Tally/Organization'));
    expect([...new Set(org.map((a) => a.id))].sort()).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/tally-member-read]',
        'AwsSolutions-IAM5[Resource::<OrganizationMemberSweepFunction8ECC4CA2.Arn>:*]',
        `AwsSolutions-IAM5[Resource::arn:aws:states:us-east-1:${ACCOUNT}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"OrganizationStateMachineD10BDBE8"}]}]}:*]`,
        `AwsSolutions-IAM5[Resource::arn:aws:states:us-east-1:${ACCOUNT}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"OrganizationStateMachineD10BDBE8"}]}]}/MemberSweeps:*]`,
        'AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('still finds the violations when the acknowledgements are stripped (the check runs)', () => {
    const { app, stack } = synthOrg();
    for (const c of stack.node.findAll()) {
      (c.node as unknown as { _metadata: unknown[] })._metadata = c.node.metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    }
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/tally-member-read]');
  });
});

describe('organization context', () => {
  const read = (ctx: Record<string, unknown>) => {
    const get = (k: string) => ctx[k];
    return organizationFromContext(get, stackPropsFromContext(get, { account: ACCOUNT, region: 'us-east-1' }).props);
  };

  it('adds nothing unless organization is true', () => {
    expect(read({})).toBeUndefined();
    expect(read({ organization: 'false' })).toBeUndefined();
  });

  it('defaults the external id and follows the central mode, revocation, Security Hub and exemption tag in the member role', () => {
    expect(read({ organization: 'true' })).toEqual({
      organization: { externalId: DEFAULT_EXTERNAL_ID },
      memberRole: { enforce: false, revocation: false },
    });
    expect(read({ organization: true, mode: 'enforce', exemptTag: 'sec:skip', memberRoleName: 'audit-reader' })!.memberRole).toEqual({ roleName: 'audit-reader', enforce: true, revocation: false, exemptTag: 'sec:skip' });
    expect(read({ organization: true, revocation: 'enforce' })!.memberRole).toMatchObject({ enforce: false, revocation: true });
  });

  it('reads -c strings: lists, numbers, booleans, the organization id', () => {
    expect(read({ organization: 'true', externalId: 'ext-123', excludeAccounts: '111111111111, 222222222222', maxConcurrency: '25', includeOwnAccount: 'true', organizationId: 'o-abcdef1234' })!.organization).toEqual({
      externalId: 'ext-123',
      excludeAccounts: ['111111111111', '222222222222'],
      maxConcurrency: 25,
      includeOwnAccount: true,
      organizationId: 'o-abcdef1234',
    });
  });

  it.each([
    [{ excludeAccounts: '1234' }, 'excludeAccounts'],
    [{ maxConcurrency: '0' }, 'maxConcurrency'],
    [{ externalId: 'a b' }, 'externalId'],
    [{ memberRoleName: 'path/role' }, 'memberRoleName'],
    [{ organizationId: 'org-1' }, 'organizationId'],
  ])('names the bad key %o', (ctx, key) => {
    expect(() => read({ organization: 'true', ...ctx })).toThrow(ContextError);
    expect(() => read({ organization: 'true', ...ctx })).toThrow(new RegExp(`^context ${key}:`));
  });
});

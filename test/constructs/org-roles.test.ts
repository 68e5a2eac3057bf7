import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../lib/constructs/member-read-role';
import { declaredActions, NO_PERMISSION_REQUIRED, ORCHESTRATION_PERMISSIONS, PERMISSIONS } from '../../lib/constructs/permissions';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { roleLogicalId, synthMember, synthOrg, type OrgSynth } from './org-synth';
import { importClosure, sdkActions } from './sdk-calls';
import { ACCOUNT, actionsOf, resources, resourcesOf, statementsByRole, type Statement } from './synth';

const allows = (statements: Statement[] = []) => statements.filter((st) => st.Effect === 'Allow');
const memberSweepStatements = (s: OrgSynth) => allows(statementsByRole(s.template).get(roleLogicalId(s, s.stack.organization.memberSweep.role)));
const stateMachineStatements = (s: OrgSynth) => allows(statementsByRole(s.template).get(roleLogicalId(s, s.stack.organization.stateMachine.role as never)));
const memberRoleStatements = (m: ReturnType<typeof synthMember>) => allows(statementsByRole(m.template).get(roleLogicalId(m, m.stack.memberRole.role)));

describe('organization sweep roles', () => {
  let s: OrgSynth;
  let enforce: OrgSynth;
  beforeAll(() => {
    s = synthOrg();
    enforce = synthOrg({ reconciler: { mode: 'enforce' } });
  });

  it('has no wildcard action in any Allow statement', () => {
    for (const x of [s, enforce]) {
      for (const statements of statementsByRole(x.template).values()) for (const st of allows(statements)) expect(actionsOf(st).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('grants only declared actions (components, platform, orchestration)', () => {
    const declared = new Set([...declaredActions(), ...Object.values(ORCHESTRATION_PERMISSIONS).flat()]);
    for (const x of [s, enforce]) for (const statements of statementsByRole(x.template).values()) for (const st of statements) expect(actionsOf(st).filter((a) => !declared.has(a))).toEqual([]);
  });

  it('lets the member sweep assume only the member role name, in any account, and nothing else of IAM', () => {
    const assume = memberSweepStatements(s).filter((st) => actionsOf(st).includes('sts:AssumeRole'));
    expect(assume).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: `arn:aws:iam::*:role/${DEFAULT_MEMBER_ROLE_NAME}` }]);
    const named = memberSweepStatements(synthOrg({ organization: { memberRoleName: 'audit-reader', organizationId: 'o-abcdef1234' } })).find((st) => actionsOf(st).includes('sts:AssumeRole'));
    expect(named).toMatchObject({ Resource: 'arn:aws:iam::*:role/audit-reader', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abcdef1234' } } });
    // IAM, Secrets Manager and Security Hub are reached through the member role only.
    for (const x of [s, enforce]) {
      const actions = memberSweepStatements(x).flatMap(actionsOf);
      expect(actions.filter((a) => /^(iam|secretsmanager|securityhub):/.test(a))).toEqual([]);
    }
  });

  it('binds the central tables to the member sweep: approvals scan and evidence, ledger, audit, the bus', () => {
    const statements = memberSweepStatements(s);
    const on = (table: 'approvals' | 'ledger' | 'audit') => {
      const id = s.stack.getLogicalId(s.stack.tables[table].node.defaultChild as never);
      return statements.filter((st) => JSON.stringify(st.Resource).includes(`"${id}","Arn"`)).flatMap(actionsOf).sort();
    };
    expect(on('approvals')).toEqual(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem']);
    expect(on('ledger')).toEqual([...PERMISSIONS.findingsLedger.actions.readWrite].sort());
    expect(on('audit')).toEqual([...PERMISSIONS.auditLog.actions.write].sort());
    expect(statements.filter((st) => actionsOf(st).includes('events:PutEvents'))).toHaveLength(1);
  });

  it('lets the state machine list accounts, log, trace, invoke the member sweep and run its own child executions', () => {
    const statements = stateMachineStatements(s);
    const star = statements.filter((st) => resourcesOf(st).includes('*')).flatMap(actionsOf).sort();
    expect(star).toEqual(['organizations:ListAccounts', ...ORCHESTRATION_PERMISSIONS.logDelivery, ...ORCHESTRATION_PERMISSIONS.tracing].sort());
    const invoke = statements.filter((st) => actionsOf(st).includes('lambda:InvokeFunction'));
    const fn = s.stack.getLogicalId(s.stack.organization.memberSweep.function.node.defaultChild as never);
    expect(invoke).toHaveLength(1);
    for (const r of resourcesOf(invoke[0]!)) expect(JSON.stringify(r)).toContain(`"${fn}","Arn"`);
    const sm = s.stack.getLogicalId(s.stack.organization.stateMachine.node.defaultChild as never);
    const child = allows([...statementsByRole(s.template).values()].flat()).filter((st) => actionsOf(st).some((a) => a.startsWith('states:')));
    for (const st of child) expect(JSON.stringify(st.Resource)).toContain(sm);
  });

  it('grants the member-sweep function (central role plus member role) every AWS call its code can make', () => {
    const member = synthMember({ enforce: true, revocation: true });
    const granted = new Set([...memberSweepStatements(enforce), ...memberRoleStatements(member)].flatMap(actionsOf));
    const calls = new Set(importClosure(join(PROJECT_ROOT, 'lambdas/member-sweep.ts')).flatMap(sdkActions));
    expect(calls.has('sts:AssumeRole')).toBe(true);
    expect([...calls].filter((a) => !NO_PERMISSION_REQUIRED.includes(a) && !granted.has(a))).toEqual([]);
  });
});

describe('MemberReadRole (StackSet template)', () => {
  it('is assumable by the central member-sweep role alone, with the external id', () => {
    const m = synthMember();
    const role = resources(m.template, 'AWS::IAM::Role')[0]![1] as { Properties: any };
    expect(role!.Properties.RoleName).toBe(DEFAULT_MEMBER_ROLE_NAME);
    expect(role!.Properties.MaxSessionDuration).toBe(3600);
    const [trust, ...more] = role!.Properties.AssumeRolePolicyDocument.Statement;
    expect(more).toEqual([]);
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } }, ArnEquals: { 'aws:PrincipalArn': { Ref: 'CentralRoleArn' } } },
    });
    expect(JSON.stringify(trust.Principal.AWS)).toContain('{"Fn::Select":[4,{"Fn::Split":[":",{"Ref":"CentralRoleArn"}]}]},":root"');
  });

  it('reads the inventory and confirms keys, writes nothing to IAM by default, and imports to its own Security Hub product', () => {
    const statements = memberRoleStatements(synthMember());
    const actions = statements.flatMap(actionsOf).sort();
    expect(actions).toEqual(
      [...PERMISSIONS.accountInventory.actions.accountWide, ...PERMISSIONS.accountInventory.actions.secret, ...PERMISSIONS.keyExpiry.actions.report, 'securityhub:BatchImportFindings'].sort(),
    );
    expect(actions).not.toContain('iam:UpdateAccessKey');
    const resourceOf = (action: string) => JSON.stringify(statements.find((st) => actionsOf(st).includes(action))!.Resource);
    expect(resourceOf('securityhub:BatchImportFindings')).toBe(
      JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':product/', { Ref: 'AWS::AccountId' }, '/default']] }),
    );
    expect(resourceOf('iam:ListAccessKeys')).toContain('":user/*"');
    expect(resourceOf('secretsmanager:ListSecretVersionIds')).toContain('":secret:*"');
    for (const st of statements.filter((x) => resourcesOf(x).includes('*'))) expect(actionsOf(st).sort()).toEqual([...PERMISSIONS.accountInventory.actions.accountWide].sort());
  });

  it('adds iam:UpdateAccessKey on the account’s users in enforce mode, and drops the import when Security Hub is off', () => {
    const enforced = memberRoleStatements(synthMember({ enforce: true }));
    const update = enforced.filter((st) => actionsOf(st).includes('iam:UpdateAccessKey'));
    expect(update).toHaveLength(1);
    expect(JSON.stringify(update[0]!.Resource)).toContain('":user/*"');
    expect(memberRoleStatements(synthMember({ securityHub: false })).flatMap(actionsOf)).not.toContain('securityhub:BatchImportFindings');
  });

  it('is a StackSet-ready template: parameters, the role and its policy, no assets and no bootstrap rule', () => {
    const t = synthMember({ roleName: 'audit-reader' }).template.toJSON();
    expect(Object.keys(t.Parameters).sort()).toEqual(['CentralRoleArn', 'ExternalId']);
    expect(t.Rules).toBeUndefined();
    expect(Object.values(t.Resources as Record<string, { Type: string }>).map((r) => r.Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
    expect(JSON.stringify(t)).not.toContain('cdk-hnb659fds');
    expect(Object.values(t.Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::Role').Properties.RoleName).toBe('audit-reader');
    expect(t.Parameters.CentralRoleArn.AllowedPattern).toBe('^arn:aws[a-z-]*:iam::\\d{12}:role/.+$');
  });

  it('tags itself with the exemption tag, so Tally reports its own role as exempt', () => {
    const tags = (m: ReturnType<typeof synthMember>) => (resources(m.template, 'AWS::IAM::Role')[0]![1].Properties as any).Tags;
    expect(tags(synthMember())).toEqual([{ Key: 'tally:exempt', Value: 'Tally read role assumed by the central organization sweep' }]);
    expect(tags(synthMember({ exemptTag: 'sec:skip' }))[0].Key).toBe('sec:skip');
  });

  it('refuses a role name with a path or bad characters', () => {
    expect(() => synthMember({ roleName: 'tally/reader' })).toThrow(/not an IAM role name/);
  });

  it('matches the role name the organization sweep assumes', () => {
    expect(ACCOUNT).toMatch(/^\d{12}$/);
    const s = synthOrg();
    expect(s.stack.organization.memberRoleName).toBe(synthMember().stack.memberRole.roleName);
  });
});

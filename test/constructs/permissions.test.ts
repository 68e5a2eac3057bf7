import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredActions, NO_PERMISSION_REQUIRED, OPERATOR_ONLY_MODULES, PERMISSIONS, type ComponentPermissions } from '../../lib/constructs/permissions';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { importClosure, repoPath, sdkActions, sourceFiles } from './sdk-calls';
import { ACCOUNT, actionsOf, resources, resourcesOf, statementsByRole, synth, type Statement, type Synth } from './synth';

const components = Object.entries(PERMISSIONS) as [string, ComponentPermissions][];
const allOf = (c: ComponentPermissions) => Object.values(c.actions).flat();
const roleId = (s: Synth, fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') => s.stack.getLogicalId(s.stack.reconciler[fn].role.node.defaultChild as never);
const granted = (s: Synth, fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') =>
  new Set((statementsByRole(s.template).get(roleId(s, fn)) ?? []).filter((st) => st.Effect === 'Allow').flatMap(actionsOf));

/** Every Allow statement of every policy in the template: identity policies and resource policies. */
function allowStatements(s: Synth): Statement[] {
  const docs = [
    ...resources(s.template, 'AWS::IAM::Policy').map(([, r]) => (r.Properties as any).PolicyDocument),
    ...resources(s.template, 'AWS::SQS::QueuePolicy').map(([, r]) => (r.Properties as any).PolicyDocument),
    ...resources(s.template, 'AWS::SNS::TopicPolicy').map(([, r]) => (r.Properties as any).PolicyDocument),
    ...resources(s.template, 'AWS::IAM::Role').flatMap(([, r]) => ((r.Properties as any).Policies ?? []).map((p: any) => p.PolicyDocument)),
  ];
  return docs.flatMap((d) => d.Statement as Statement[]).filter((st) => st.Effect === 'Allow');
}

describe('declared permissions cover the code', () => {
  const checked = [...sourceFiles('lib'), ...sourceFiles('lambdas')].filter((f) => {
    const p = repoPath(f);
    return !p.startsWith('lib/constructs/') && !OPERATOR_ONLY_MODULES.some((m) => p.startsWith(m));
  });

  it('finds the SDK calls of the readers (the scan itself works)', () => {
    expect(sdkActions(join(PROJECT_ROOT, 'lib/inventory/iam-reader.ts'))).toEqual(['iam:GetAccountAuthorizationDetails']);
    expect(sdkActions(join(PROJECT_ROOT, 'lib/approvals/approval-store.ts')).sort()).toEqual(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem'].sort(),
    );
  });

  it('declares every AWS call a deployed module makes, in the component that lists the module', () => {
    const missing: string[] = [];
    for (const file of checked) {
      const module = repoPath(file);
      const needed = sdkActions(file).filter((a) => !NO_PERMISSION_REQUIRED.includes(a));
      if (!needed.length) continue;
      const owners = components.filter(([, c]) => c.modules.includes(module));
      if (!owners.length) missing.push(`${module}: no component in lib/constructs/permissions.ts lists it (calls ${needed.join(', ')})`);
      for (const action of needed) if (owners.length && !owners.some(([, c]) => allOf(c).includes(action))) missing.push(`${module}: ${action} not declared`);
    }
    expect(missing).toEqual([]);
  });

  it('lists only modules that exist', () => {
    for (const [name, c] of components) for (const m of c.modules) expect(existsSync(join(PROJECT_ROOT, m)), `${name}: ${m}`).toBe(true);
  });
});

describe('granted permissions', () => {
  let report: Synth;
  let enforce: Synth;
  let revoking: Synth;
  beforeAll(() => {
    report = synth();
    enforce = synth({ reconciler: { mode: 'enforce' } });
    revoking = synth({ reconciler: { revocation: 'enforce' } });
  });

  const REVOCATION_WRITES: string[] = Object.values(PERMISSIONS.revocation.actions).flat().filter((a) => !['iam:ListAccessKeys', 'iam:UpdateAccessKey'].includes(a));

  it('grants the revocation writes when revocation is enforce only, to the sweep only, each on its own principals', () => {
    for (const s of [report, enforce]) for (const fn of ['sweep', 'cloudTrailEvents', 'approvalStream'] as const) expect([...granted(s, fn)].filter((a) => REVOCATION_WRITES.includes(a) && !a.startsWith('iam:Get'))).toEqual([]);
    const sweep = statementsByRole(revoking.template).get(roleId(revoking, 'sweep'))!;
    for (const [scope, actions] of Object.entries(PERMISSIONS.revocation.actions)) {
      const st = sweep.find((x) => actions.every((a) => actionsOf(x).includes(a)));
      expect(st, scope).toBeDefined();
      expect(resourcesOf(st!)).toEqual([`arn:aws:iam::${ACCOUNT}:${scope}/*`]);
    }
    for (const fn of ['cloudTrailEvents', 'approvalStream'] as const) expect([...granted(revoking, fn)].filter((a) => a.startsWith('iam:Detach') || a.startsWith('iam:Delete') || a === 'iam:RemoveUserFromGroup')).toEqual([]);
  });

  it('grants no role the restore writes (tally restore runs with operator credentials)', () => {
    for (const s of [report, enforce, revoking]) for (const fn of ['sweep', 'cloudTrailEvents', 'approvalStream'] as const) {
      expect([...granted(s, fn)].filter((a) => PERMISSIONS.restore.actions.operator.includes(a as never) && a !== 'iam:UpdateAccessKey')).toEqual([]);
    }
  });

  it('has no wildcard action in any Allow statement', () => {
    for (const s of [report, enforce, revoking]) for (const st of allowStatements(s)) expect(actionsOf(st).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('grants only declared actions', () => {
    const declared = declaredActions();
    for (const s of [report, enforce, revoking]) {
      for (const statements of statementsByRole(s.template).values()) {
        for (const st of statements) expect(actionsOf(st).filter((a) => !declared.has(a))).toEqual([]);
      }
    }
  });

  it('grants iam:UpdateAccessKey in enforce mode only, to the sweep only, on the account’s users', () => {
    const holders = (s: Synth) =>
      [...statementsByRole(s.template)].flatMap(([role, sts]) => sts.filter((st) => actionsOf(st).includes('iam:UpdateAccessKey')).map((st) => ({ role, resource: st.Resource })));
    expect(holders(report)).toEqual([]);
    expect(holders(enforce)).toEqual([{ role: roleId(enforce, 'sweep'), resource: `arn:aws:iam::${ACCOUNT}:user/*` }]);
  });

  it('uses the * resource only for actions without resource-level permissions', () => {
    const unscoped = new Set([...PERMISSIONS.accountInventory.actions.accountWide, 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    for (const st of allowStatements(enforce).filter((x) => resourcesOf(x).includes('*'))) {
      expect(actionsOf(st).filter((a) => !unscoped.has(a))).toEqual([]);
    }
  });

  it('scopes IAM reads to the account’s users, roles and groups, and secrets to the account and region', () => {
    for (const st of allowStatements(enforce)) {
      const actions = actionsOf(st);
      const scoped = (prefix: string) => actions.some((a) => a.startsWith(prefix) && !PERMISSIONS.accountInventory.actions.accountWide.includes(a as never));
      if (scoped('iam:')) expect(resourcesOf(st)).toEqual([expect.stringMatching(new RegExp(`^arn:aws:iam::${ACCOUNT}:(user|role|group)/\\*$`))]);
      if (scoped('secretsmanager:')) expect(resourcesOf(st)).toEqual([`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`]);
      if (actions.includes('securityhub:BatchImportFindings')) expect(resourcesOf(st)).toEqual([`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`]);
    }
  });

  it('grants no Security Hub import when Security Hub is off', () => {
    const s = synth({ reconciler: { securityHub: false } });
    for (const fn of ['sweep', 'cloudTrailEvents', 'approvalStream'] as const) expect(granted(s, fn).has('securityhub:BatchImportFindings')).toBe(false);
  });

  // Each handler's import closure, mapped to the AWS calls in it, must be granted to its role.
  const HANDLERS = [
    ['sweep', 'lambdas/sweep.ts'],
    ['cloudTrailEvents', 'lambdas/cloudtrail-event.ts'],
    ['approvalStream', 'lambdas/approval-stream.ts'],
  ] as const;

  /**
   * Calls a handler's modules contain but its path never makes (the scan is per module, not per
   * function): the targeted secret read imports `readCurrentVersions` from secrets-reader.ts, whose
   * `listAllSecrets` is the full sweep's; the event paths use ApprovalStore's `byPrincipal`, its
   * `listAll` (Scan) is the sweep's.
   */
  const REACHED_NOT_CALLED: Record<string, string[]> = {
    cloudTrailEvents: ['secretsmanager:ListSecrets', 'dynamodb:Scan'],
    approvalStream: ['secretsmanager:ListSecrets', 'dynamodb:Scan'],
  };

  it.each(HANDLERS)('grants the %s function every AWS call its code can make', (fn, entry) => {
    for (const s of [report, enforce, revoking]) {
      const has = granted(s, fn);
      const calls = new Set(importClosure(join(PROJECT_ROOT, entry)).flatMap(sdkActions));
      // Report mode plans but never writes to IAM; revocation calls IAM only when it is enforce.
      const notNeeded = new Set([...NO_PERMISSION_REQUIRED, ...(REACHED_NOT_CALLED[fn] ?? []), ...(s === enforce ? [] : ['iam:UpdateAccessKey']), ...(s === revoking ? [] : REVOCATION_WRITES)]);
      expect([...calls].filter((a) => !notNeeded.has(a) && !has.has(a)), `${fn} (${s === report ? 'report' : 'enforce'})`).toEqual([]);
    }
  });

  it('reads approvals the way each path does: the sweep scans, the event paths query by principal', () => {
    const approvals = report.stack.getLogicalId(report.stack.tables.approvals.node.defaultChild as never);
    const onApprovals = (fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') =>
      (statementsByRole(report.template).get(roleId(report, fn)) ?? []).filter((st) => JSON.stringify(st.Resource).includes(`"${approvals}","Arn"`) && actionsOf(st).some((a) => !a.includes('Stream') && a !== 'dynamodb:GetRecords' && a !== 'dynamodb:GetShardIterator'));
    // The evidence write is a statement of its own, under conditions (test/constructs/table-grants.test.ts).
    expect(onApprovals('sweep').map((st) => actionsOf(st).sort())).toEqual([['dynamodb:GetItem', 'dynamodb:Scan'], ['dynamodb:UpdateItem']]);
    for (const fn of ['cloudTrailEvents', 'approvalStream'] as const) {
      const [read, update, ...more] = onApprovals(fn);
      expect(more).toEqual([]);
      expect(actionsOf(read!).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
      expect(JSON.stringify(read!.Resource)).toContain('/index/byPrincipal');
      expect(actionsOf(update!)).toEqual(['dynamodb:UpdateItem']);
      expect(JSON.stringify(update!.Resource)).not.toContain('/index/');
    }
  });

  it('grants the event function the Powertools idempotency calls on its table only', () => {
    const idem = report.stack.getLogicalId(report.stack.tables.idempotency.node.defaultChild as never);
    const onIdem = [...statementsByRole(report.template)].filter(([, sts]) => sts.some((st) => JSON.stringify(st.Resource).includes(idem)));
    expect(onIdem.map(([role]) => role)).toEqual([roleId(report, 'cloudTrailEvents')]);
    const st = onIdem[0]![1].find((x) => JSON.stringify(x.Resource).includes(idem))!;
    expect(actionsOf(st).sort()).toEqual([...PERMISSIONS.idempotency.actions.readWrite].sort());
  });
});

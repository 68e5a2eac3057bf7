import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { EVIDENCE_WRITE_ATTRIBUTES } from '../../lib/approvals/approval-table';
import { roleLogicalId, synthOrg, type OrgSynth } from './org-synth';
import { actionsOf, statementsByRole, synth, type Statement, type Synth } from './synth';

/** What the DynamoDB Developer Guide's write-only example requires of an attribute-limited UpdateItem. */
const EVIDENCE_CONDITION = {
  'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['approvalKey', 'version', 'verifiedAt', 'evidence'] },
  StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_OLD', 'UPDATED_NEW'] },
};
const WHOLE_ITEM_WRITES = ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

type Statements = Map<string, Statement[]>;
/** Statements of each role that name `tableId`'s ARN (not its stream). */
function onTable(byRole: Statements, tableId: string): Map<string, (Statement & { Condition?: unknown })[]> {
  const out = new Map<string, Statement[]>();
  for (const [role, sts] of byRole) {
    const hits = sts.filter((st) => st.Effect === 'Allow' && JSON.stringify(st.Resource).includes(`"${tableId}","Arn"`));
    if (hits.length) out.set(role, hits);
  }
  return out;
}

interface Case {
  name: string;
  byRole: Statements;
  approvals: string;
  audit: string;
  /** Roles that read approvals and write evidence. */
  evidenceRoles: string[];
  /** Roles that append to the audit log. */
  auditRoles: string[];
  /** The event path: PutItem into the account memory's partitions only. */
  eventsRole: string;
}

const single = (name: string, s: Synth): Case => {
  const role = (fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') => s.stack.getLogicalId(s.stack.reconciler[fn].role.node.defaultChild as never);
  return {
    name,
    byRole: statementsByRole(s.template),
    approvals: s.stack.getLogicalId(s.stack.tables.approvals.node.defaultChild as never),
    audit: s.stack.getLogicalId(s.stack.tables.audit.node.defaultChild as never),
    evidenceRoles: [role('sweep'), role('cloudTrailEvents'), role('approvalStream')].sort(),
    auditRoles: [role('sweep'), role('cloudTrailEvents')].sort(),
    eventsRole: role('cloudTrailEvents'),
  };
};
const org = (name: string, s: OrgSynth): Case => {
  const memberSweep = roleLogicalId(s, s.stack.organization.memberSweep.role);
  const role = (fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') => s.stack.getLogicalId(s.stack.reconciler[fn].role.node.defaultChild as never);
  return {
    name,
    byRole: statementsByRole(s.template),
    approvals: s.stack.getLogicalId(s.stack.tables.approvals.node.defaultChild as never),
    audit: s.stack.getLogicalId(s.stack.tables.audit.node.defaultChild as never),
    evidenceRoles: [role('sweep'), role('cloudTrailEvents'), role('approvalStream'), memberSweep].sort(),
    auditRoles: [role('sweep'), role('cloudTrailEvents'), memberSweep].sort(),
    eventsRole: role('cloudTrailEvents'),
  };
};

describe('table grants of the runtime roles', () => {
  const cases: Case[] = [];
  beforeAll(() => {
    cases.push(
      single('report mode', synth()),
      single('enforce mode', synth({ reconciler: { mode: 'enforce' } })),
      single('a customer managed table key', synth({ tableKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' })),
      org('the organization stack', synthOrg()),
      org('the organization stack in enforce mode', synthOrg({ reconciler: { mode: 'enforce' } })),
    );
  });

  it('grants no role a whole-item write (PutItem, DeleteItem, BatchWriteItem) on the approvals table', () => {
    for (const c of cases) {
      for (const [role, sts] of onTable(c.byRole, c.approvals)) {
        expect(sts.flatMap(actionsOf).filter((a) => WHOLE_ITEM_WRITES.includes(a)), `${c.name}: ${role}`).toEqual([]);
      }
    }
  });

  it('grants UpdateItem on approvals only for the evidence attributes, with ReturnValues limited, when a role writes evidence', () => {
    for (const c of cases) {
      const writers = [...onTable(c.byRole, c.approvals)].filter(([, sts]) => sts.some((st) => actionsOf(st).includes('dynamodb:UpdateItem')));
      expect(writers.map(([role]) => role).sort(), c.name).toEqual(c.evidenceRoles);
      for (const [role, sts] of writers) {
        for (const st of sts.filter((x) => actionsOf(x).includes('dynamodb:UpdateItem'))) {
          expect(actionsOf(st), `${c.name}: ${role}`).toEqual(['dynamodb:UpdateItem']);
          expect(st.Condition, `${c.name}: ${role}`).toEqual(EVIDENCE_CONDITION);
        }
      }
    }
  });

  it('leaves the approvals table’s reads unconditioned and free of writes', () => {
    for (const c of cases) {
      for (const [role, sts] of onTable(c.byRole, c.approvals)) {
        for (const st of sts.filter((x) => !actionsOf(x).includes('dynamodb:UpdateItem'))) {
          expect(actionsOf(st).filter((a) => !['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query'].includes(a)), `${c.name}: ${role}`).toEqual([]);
        }
      }
    }
  });

  it('keeps the audit table append-only: PutItem and Query for the sweeping roles, PutItem into the memory for the event path, no update or delete for anyone', () => {
    for (const c of cases) {
      const audit = onTable(c.byRole, c.audit);
      expect([...audit.keys()].sort(), c.name).toEqual(c.auditRoles);
      for (const [role, sts] of audit) {
        const actions = sts.flatMap(actionsOf);
        expect(actions, `${c.name}: ${role}`).toContain('dynamodb:PutItem');
        expect(actions.filter((a) => a.startsWith('dynamodb:') && !['dynamodb:PutItem', 'dynamodb:Query'].includes(a)), `${c.name}: ${role}`).toEqual([]);
      }
      const events = audit.get(c.eventsRole) ?? [];
      expect(events.map((st) => [actionsOf(st), st.Condition]), c.name).toEqual([[['dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['mem#*'] } }]]);
    }
  });
});

describe('the evidence write', () => {
  it('names only the attributes and ReturnValues the evidence grant allows when it writes evidence', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const ddb = mockClient(doc);
    ddb.on(UpdateCommand).resolves({});
    try {
      await new ApprovalStore(doc, 'approvals').writeEvidence('CHG-1|arn:aws:iam::123456789012:user/a|managed-policy|x', 3, {
        verifiedAt: '2026-11-20T08:00:00Z',
        method: 'sweep',
        findingId: 'tally-1',
        observed: null,
        outcome: 'RECONCILED',
      });
      const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
      const named = [...Object.keys(input.Key ?? {}), ...Object.values(input.ExpressionAttributeNames ?? {})];
      expect(named.filter((n) => !EVIDENCE_WRITE_ATTRIBUTES.includes(n as never))).toEqual([]);
      // Every name in the expressions goes through a placeholder, so the list above is complete.
      expect(`${input.UpdateExpression} ${input.ConditionExpression}`.replace(/[#:][A-Za-z]+/g, '').match(/[A-Za-z]+/g)).toEqual(['SET']);
      expect(EVIDENCE_CONDITION.StringEqualsIfExists['dynamodb:ReturnValues']).toContain(input.ReturnValues);
      // ALL_OLD on a refused condition would return attributes outside the grant; the store reads the version instead.
      expect(input.ReturnValuesOnConditionCheckFailure).toBeUndefined();
      expect([...EVIDENCE_WRITE_ATTRIBUTES]).toEqual(EVIDENCE_CONDITION['ForAllValues:StringEquals']['dynamodb:Attributes']);
    } finally {
      ddb.restore();
    }
  });
});

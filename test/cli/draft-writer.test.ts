import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { writeDrafts } from '../../lib/cli/draft-writer';
import { createTableInput } from '../../lib/aws/table-spec';
import { approvalKey, type Approval } from '../../lib/core/approval';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const USER = 'arn:aws:iam::123456789012:user/svc-etl';
const draft = (over: Partial<Approval> = {}): Approval => ({
  ticketId: 'DRAFT-0123456789AB',
  principal: USER,
  entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  approvedBy: 'tally (draft)',
  approvedAt: '2026-11-20T00:00:00.000Z',
  risk: 'standard',
  status: 'draft',
  draftOf: 'tally/123456789012/unapproved_entitlement/0123',
  ...over,
});

describe('writeDrafts', () => {
  let db: LocalDynamo;
  let n = 0;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  async function table(): Promise<{ name: string; store: ApprovalStore }> {
    const name = `drafts-${++n}`;
    await db.createTable(createTableInput(name, APPROVAL_TABLE));
    return { name, store: new ApprovalStore(db.doc, name) };
  }

  it('leaves an approved record alone when a draft with the same key comes after it', async () => {
    const { name, store } = await table();
    const approved = await store.put(draft({ status: 'approved', approvedBy: 'security-lead@example.com' }));
    const s = await writeDrafts(db.doc, name, [draft(), draft({ ticketId: 'DRAFT-BA9876543210' })]);
    expect(s.created.map((d) => d.ticketId)).toEqual(['DRAFT-BA9876543210']);
    expect(s.existing).toEqual([approvalKey(draft())]);
    expect(await store.get(approvalKey(draft()))).toEqual(approved);
  });

  it('keeps the first draft when the same draft is written again later', async () => {
    const { name, store } = await table();
    await writeDrafts(db.doc, name, [draft()]);
    const second = await writeDrafts(db.doc, name, [draft({ approvedAt: '2026-11-21T00:00:00.000Z', owner: 'someone@example.com' })]);
    expect(second.created).toEqual([]);
    expect((await store.get(approvalKey(draft())))?.approval).toEqual(draft());
  });

  it('refuses a record that is not a draft or not valid, naming its key, when given one', async () => {
    const { name, store } = await table();
    const s = await writeDrafts(db.doc, name, [draft({ status: 'approved' }), draft({ principal: 'not-an-arn' })]);
    expect(s.created).toEqual([]);
    expect(s.failed.map((f) => f.error.message)).toEqual([
      expect.stringMatching(/PutItem DRAFT-0123456789AB\|.*: status is approved: only drafts are written here/),
      expect.stringMatching(/invalid approval: principal: not an IAM/),
    ]);
    expect((await store.listAll()).approvals).toEqual([]);
  });

  it('reads but writes nothing when it is a dry run', async () => {
    const { name, store } = await table();
    await writeDrafts(db.doc, name, [draft()]);
    const received = db.received.length;
    const s = await writeDrafts(db.doc, name, [draft(), draft({ ticketId: 'DRAFT-BA9876543210' })], { dryRun: true });
    expect(s).toMatchObject({ dryRun: true, existing: [approvalKey(draft())] });
    expect(s.created.map((d) => d.ticketId)).toEqual(['DRAFT-BA9876543210']);
    expect(db.received.slice(received)).toEqual(['GetItem', 'GetItem']);
    expect((await store.listAll()).approvals).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountMemory, type CreatorSeen } from '../../lib/actions/account-memory';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/svc-etl`;
const NOW = '2026-11-20T00:00:00.000Z';

function seen(creator: string, how: CreatorSeen['how'], eventId: string): CreatorSeen {
  return { accountId: ACCOUNT, principalArn: USER, creator, how, eventName: how === 'create' ? 'CreateUser' : 'AttachUserPolicy', eventId, at: '2026-11-01T00:00:00Z' };
}

describe('DynamoAccountMemory creators', () => {
  let db: LocalDynamo;
  let table = 0;
  beforeAll(async () => void (db = await startDynalite()));
  afterAll(async () => db.stop());
  const fresh = async () => {
    const name = `audit-${++table}`;
    await db.createTable(createTableInput(name, AUDIT_TABLE));
    return name;
  };

  it('keeps the creator when a later grant by someone else is remembered', async () => {
    const name = await fresh();
    expect(await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('alice', 'create', 'e1'))).toBe(true);
    expect(await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('bob', 'grant', 'e2'))).toBe(false);
    expect(await new DynamoAccountMemory(db.doc, name).creators(ACCOUNT, NOW)).toEqual(new Map([[USER, 'alice']]));
  });

  it('replaces a granting caller with the creator when the create event comes after the grant', async () => {
    const name = await fresh();
    await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('bob', 'grant', 'e2'));
    await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('carol', 'grant', 'e3'));
    expect(await new DynamoAccountMemory(db.doc, name).creators(ACCOUNT, NOW)).toEqual(new Map([[USER, 'carol']]));
    await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('alice', 'create', 'e1'));
    expect(await new DynamoAccountMemory(db.doc, name).creators(ACCOUNT, NOW)).toEqual(new Map([[USER, 'alice']]));
  });

  it('leaves out a creator past its ttl when read later', async () => {
    const name = await fresh();
    await new DynamoAccountMemory(db.doc, name).rememberCreator(seen('alice', 'create', 'e1'));
    expect(await new DynamoAccountMemory(db.doc, name).creators(ACCOUNT, '2028-01-01T00:00:00Z')).toEqual(new Map());
  });
});

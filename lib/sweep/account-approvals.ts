import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApprovalStore, type ApprovalList, type ReadOptions } from '../approvals/approval-store';
import { parseArn } from '../core/arn';

/**
 * The account an approval's principal lives in: the account field of its ARN (IAM user, role,
 * group, or Secrets Manager secret). A secret named without its ARN belongs to no account.
 */
export function principalAccount(principal: string): string | undefined {
  const account = parseArn(principal)?.accountId;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The central approvals table seen from one member account: `listAll` keeps the approvals whose
 * principal ARN is in `accountId` (and the unreadable items whose key names it), so a member
 * sweep never reports another account's approval as "not provisioned" in this one. Evidence is
 * still written to the central table through the inherited methods.
 *
 * An approval that names a secret without its ARN cannot be placed in an account and is left out
 * of every member sweep; `unplaced` counts them after each `listAll`.
 */
export class AccountApprovalStore extends ApprovalStore {
  /** Approvals of the last `listAll` that name no account (secret names without an ARN). */
  unplaced = 0;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    readonly accountId: string,
    options: { concurrency?: number } = {},
  ) {
    super(client, tableName, options);
  }

  override async listAll(options: ReadOptions = {}): Promise<ApprovalList> {
    const all = await super.listAll(options);
    this.unplaced = all.approvals.filter((s) => principalAccount(s.approval.principal) === undefined).length;
    return {
      approvals: all.approvals.filter((s) => principalAccount(s.approval.principal) === this.accountId),
      // An unreadable item counts here when its principal is in this account, or when it names none
      // Tally can tell (it might be this account's: see `protectionFor`).
      invalid: all.invalid.filter((i) => i.principal === undefined || principalAccount(i.principal) === this.accountId),
    };
  }
}

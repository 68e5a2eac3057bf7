import { RemovalPolicy } from 'aws-cdk-lib';
import { Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { APPROVAL_TABLE } from '../approvals/approval-table';
import { AUDIT_TABLE } from '../actions/audit-table';
import type { TableSpec } from '../aws/table-spec';
import { LEDGER_TABLE } from '../sinks/ledger-table';
import { IDEMPOTENCY_TABLE } from './idempotency-table';
import { tableKeyProps } from './table-from-spec';

export interface TallyTablesProps {
  /**
   * Customer managed KMS key for all four tables; the functions are granted its use.
   * @default - the AWS managed key `aws/dynamodb`
   */
  readonly encryptionKey?: IKey;
  /**
   * What CloudFormation does with a table removed from the stack or a deleted stack.
   * @default RemovalPolicy.RETAIN — approvals, evidence and the audit log outlive the stack
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection (a delete fails until it is turned off).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The stateful half of Tally: the approvals table (with its stream), the findings ledger, the
 * actions audit log and the idempotency table. Each table's keys come from its `TableSpec`, shared
 * with the store that uses it and the dynalite tests. On-demand, point-in-time recovery, encrypted,
 * protected from deletion and retained. Kept apart from the functions so the stateless part can be
 * replaced or moved to another stack without touching data.
 */
export class TallyTables extends Construct {
  /** Approval records; stream NEW_AND_OLD_IMAGES feeds the approval-stream function. */
  readonly approvals: TableV2;
  /** Findings ledger: what was sent to Security Hub; TTL on archived entries. */
  readonly ledger: TableV2;
  /** Audit log of planned and executed actions. */
  readonly audit: TableV2;
  /** Powertools idempotency records of the CloudTrail event path; TTL `expiration`. */
  readonly idempotency: TableV2;
  /** The customer managed key, when one was given. */
  readonly encryptionKey?: IKey;

  constructor(scope: Construct, id: string, props: TallyTablesProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const table = (tableId: string, spec: TableSpec, stream?: StreamViewType) =>
      new TableV2(this, tableId, {
        ...tableKeyProps(spec),
        billing: Billing.onDemand(),
        encryption: props.encryptionKey ? TableEncryptionV2.customerManagedKey(props.encryptionKey) : TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        ...(stream ? { dynamoStream: stream } : {}),
      });
    this.approvals = table('Approvals', APPROVAL_TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
    this.ledger = table('Ledger', LEDGER_TABLE);
    this.audit = table('Audit', AUDIT_TABLE);
    this.idempotency = table('Idempotency', IDEMPOTENCY_TABLE);
  }
}

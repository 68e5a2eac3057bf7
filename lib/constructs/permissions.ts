import { KEY_EXPIRY_PERMISSIONS } from '../actions/key-expiry-types';
import { REVOCATION_PERMISSIONS } from '../actions/revocation-types';
import { EVIDENCE_WRITE_ATTRIBUTES } from '../approvals/approval-table';

/**
 * The IAM actions each reader, store, sink and action of Tally needs, by the resource they act on.
 * The AccessReconciler grants from these lists only, and test/constructs/permissions.test.ts
 * checks both directions: every `new XxxCommand(` in a listed module maps to an action listed here
 * (so a new API call without a permission fails the test), and every action in the synthesized
 * template is listed here (so nothing is granted that no component declared).
 */
export interface ComponentPermissions {
  /** Repository-relative source files whose SDK calls these actions cover. */
  readonly modules: readonly string[];
  /** Actions by use; each use names the resource scope it is granted on. */
  readonly actions: Readonly<Record<string, readonly string[]>>;
}

/** IAM entities of the deploying account; targeted reads and key expiry are scoped to these. */
export type IamScope = 'user' | 'role' | 'group';

export const PERMISSIONS = {
  /** Full-account inventory (scheduled sweep): GAAD, credential report, ListSecrets, version reads. */
  accountInventory: {
    modules: ['lib/inventory/iam-reader.ts', 'lib/inventory/credential-report-reader.ts', 'lib/inventory/secrets-reader.ts'],
    actions: {
      /** No resource-level permissions exist for these: granted on `*`. */
      accountWide: ['iam:GetAccountAuthorizationDetails', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'secretsmanager:ListSecrets'],
      /** On the account's secrets in each swept region (`secretRegions`, default the stack's). */
      secret: ['secretsmanager:ListSecretVersionIds'],
    },
  },
  /** Targeted read of one user, role, group or secret (CloudTrail event and approval stream paths). */
  targetedRead: {
    modules: [
      'lib/inventory/targeted-user.ts',
      'lib/inventory/targeted-role.ts',
      'lib/inventory/targeted-group.ts',
      'lib/inventory/targeted-secret.ts',
      'lib/inventory/secrets-reader.ts',
    ],
    actions: {
      user: [
        'iam:GetUser',
        'iam:ListAccessKeys',
        'iam:GetAccessKeyLastUsed',
        'iam:ListGroupsForUser',
        'iam:ListAttachedUserPolicies',
        'iam:ListUserPolicies',
        'iam:GetUserPolicy',
      ],
      role: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
      group: ['iam:GetGroup', 'iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies', 'iam:GetGroupPolicy'],
      secret: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
    },
  },
  /**
   * Key expiry: reads in report mode, plus the one write (UpdateAccessKey) in enforce mode, on users;
   * the kill switch read before every write, on the stack's one SSM parameter.
   */
  keyExpiry: {
    modules: ['lib/actions/iam-keys.ts', 'lib/actions/kill-switch.ts'],
    actions: { report: KEY_EXPIRY_PERMISSIONS.report, enforce: KEY_EXPIRY_PERMISSIONS.enforce, killSwitch: KEY_EXPIRY_PERMISSIONS.killSwitch },
  },
  /**
   * The actions audit log (audit table), append-only: conditional PutItem of run records and key
   * claims (`attribute_not_exists`, or the claim's own condition) and Query; never UpdateItem or DeleteItem.
   */
  /**
   * Revocation (enforce only; report mode calls nothing in IAM): the one removal an ended approval
   * named and the read of what it saves first, by the resource each is authorized on. ListAccessKeys
   * and UpdateAccessKey are sent by iam-keys.ts (the key-expiry writer), granted here on users too.
   */
  revocation: {
    modules: ['lib/actions/iam-entitlements.ts', 'lib/actions/iam-keys.ts'],
    actions: { user: REVOCATION_PERMISSIONS.enforce.user, role: REVOCATION_PERMISSIONS.enforce.role, group: REVOCATION_PERMISSIONS.enforce.group },
  },
  /** `tally restore`: operator credentials only; no deployed role is granted these. */
  restore: {
    modules: ['lib/actions/iam-restore.ts'],
    actions: { operator: REVOCATION_PERMISSIONS.restore },
  },
  auditLog: {
    modules: ['lib/actions/audit-log.ts', 'lib/actions/account-memory.ts', 'lib/actions/revocation-log.ts'],
    actions: { write: KEY_EXPIRY_PERMISSIONS.auditTable },
  },
  /**
   * The event path's one write to the audit table: who created (or granted something to) a
   * principal, a PutItem into the account memory's partitions only ({@link CREATOR_WRITE_CONDITIONS}).
   */
  creatorMemory: {
    modules: ['lib/actions/creator-writer.ts'],
    actions: { write: ['dynamodb:PutItem'] },
  },
  /** The approvals table. `import` is the CLI's (`tally approvals import`); no Lambda is granted it. */
  approvalStore: {
    modules: ['lib/approvals/approval-store.ts'],
    actions: {
      /** `listAll` (full sweep). */
      scan: ['dynamodb:Scan'],
      /** `byPrincipal` (event paths), on the byPrincipal index. */
      byPrincipal: ['dynamodb:Query'],
      /** A consistent read of one approval: its current version when an evidence write is refused. */
      get: ['dynamodb:GetItem'],
      /** `writeEvidence`: a conditional update, granted only under {@link EVIDENCE_WRITE_CONDITIONS}. */
      evidence: ['dynamodb:UpdateItem'],
      /** Operator only: creates and replaces whole approvals. */
      import: ['dynamodb:PutItem', 'dynamodb:GetItem'],
    },
  },
  /**
   * Approval intake (issue 10): the one runtime path that writes whole approvals, from a ticketing
   * tool's signed or bus-delivered decision. A consistent read, then a PutItem conditional on the
   * store's `version` and the item's `intakeVersion`. Granted only to the intake functions.
   */
  approvalIntake: {
    modules: ['lib/intake/intake-store.ts'],
    actions: { write: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  },
  /** The intake webhook's HMAC key, on the one secret the construct generates. */
  webhookSecret: {
    modules: ['lib/intake/webhook-secret.ts'],
    actions: { read: ['secretsmanager:GetSecretValue'] },
  },
  /** The findings ledger (what was sent to Security Hub). */
  findingsLedger: {
    modules: ['lib/sinks/findings-ledger.ts'],
    actions: { readWrite: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  },
  /** Security Hub import, on the account's own product ARN (`product/<account>/default`). */
  securityHub: {
    modules: ['lib/sinks/security-hub.ts'],
    actions: { import: ['securityhub:BatchImportFindings'] },
  },
  /** Results for ticketing, on the one event bus. */
  eventBridge: {
    modules: ['lib/sinks/eventbridge.ts'],
    actions: { publish: ['events:PutEvents'] },
  },
  /** Organization sweep: the member-sweep function assumes the member read role in each account. */
  memberAccess: {
    modules: ['lib/sweep/member-credentials.ts'],
    actions: { assume: ['sts:AssumeRole'] },
  },
  /** Organization sweep: the state machine lists the accounts (Step Functions SDK integration, no module). */
  organizations: {
    modules: [],
    actions: { listAccounts: ['organizations:ListAccounts'] },
  },
  /**
   * Evidence export (issue 11): a Scan of the ledger and the audit table (their action records, by
   * time), the approvals by `approvalStore.scan`; KMS Sign on the one signing key; PutObject on the
   * evidence bucket. `verify` is the CLI's (`tally evidence verify --kms-key-id`): no role is granted it.
   */
  evidenceExport: {
    modules: ['lib/evidence/live-source.ts', 'lib/evidence/signing.ts', 'lib/evidence/s3-sink.ts'],
    actions: { read: ['dynamodb:Scan'], sign: ['kms:Sign'], write: ['s3:PutObject'], verify: ['kms:Verify'] },
  },
  /**
   * IAM Access Analyzer unused-access findings, read for review campaigns (`tally review` with the
   * operator's credentials, and the review function when `reviews` is set). ListAnalyzers has no
   * resource-level permission (`*`); the findings reads are on the account's analyzers.
   */
  accessAnalyzer: {
    modules: ['lib/review/access-analyzer.ts'],
    actions: { list: ['access-analyzer:ListAnalyzers'], read: ['access-analyzer:ListFindingsV2', 'access-analyzer:GetFindingV2'] },
  },
  /**
   * Review campaigns' state and packets in S3 (`reviews/` of the review bucket): GetObject and
   * (conditional) PutObject; ListBucket on the bucket so a missing object reads as 404, not 403.
   */
  reviewCampaigns: {
    modules: ['lib/review/campaign-bucket.ts'],
    actions: { state: ['s3:GetObject', 's3:PutObject'], list: ['s3:ListBucket'] },
  },
  /** Powertools idempotency (DynamoDBPersistenceLayer, in node_modules): keyed on the CloudTrail eventID. */
  idempotency: {
    modules: [],
    actions: { readWrite: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] },
  },
} as const satisfies Record<string, ComponentPermissions>;

/**
 * The condition of every runtime role's UpdateItem on the approvals table: it may name only the
 * evidence attributes (key, version, verifiedAt, evidence), so it can neither write an approval's
 * fields nor create anything the store reads as an approval, and it may return only what it updated.
 * As the DynamoDB Developer Guide's write-only variant of "Grant permissions that limit access to
 * specific attributes": `ForAllValues:StringEquals` on `dynamodb:Attributes`, and `StringEqualsIfExists`
 * on `dynamodb:ReturnValues` (NONE by default on UpdateItem). IfExists, as in the guide, because the
 * store also writes evidence as the Update actions of TransactWriteItems, which are authorized as
 * UpdateItem but carry no ReturnValues parameter (only ReturnValuesOnConditionCheckFailure, which the
 * store never sets). No PutItem, DeleteItem or BatchWriteItem: they replace whole items.
 */
/** The event path writes only items of the account memory (partition `mem#<account>`, see AUDIT_TABLE). */
export const CREATOR_WRITE_CONDITIONS = {
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['mem#*'] },
};

export const EVIDENCE_WRITE_CONDITIONS = {
  'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...EVIDENCE_WRITE_ATTRIBUTES] },
  StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_OLD', 'UPDATED_NEW'] },
};

/**
 * What the Lambda platform needs, granted by the TallyFunction construct or by CDK itself
 * (tracing, dead-letter queue, stream event source). Declared so the template check covers them.
 */
export const PLATFORM_PERMISSIONS = {
  /** On the function's own log group (written here instead of AWSLambdaBasicExecutionRole). */
  logs: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  /** X-Ray active tracing, added by CDK; X-Ray has no resource-level permissions (`*`). */
  tracing: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  /** The function's asynchronous-invocation dead-letter queue, added by CDK. */
  deadLetterQueue: ['sqs:SendMessage'],
  /** DynamoDB stream event source, added by CDK on the approvals table's stream ARN. */
  streamSource: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
  /** The stream event source's on-failure destination, added by CDK. */
  streamOnFailure: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  /** Tables encrypted with a customer managed key: reads decrypt, writes encrypt too. */
  kmsRead: ['kms:Decrypt', 'kms:DescribeKey'],
  kmsWrite: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
} as const;

/**
 * What the organization sweep's state machine and its schedule need besides `organizations`,
 * granted by CDK: logging to CloudWatch Logs (log delivery APIs have no resource-level
 * permissions), X-Ray, invoking the member-sweep function, the Distributed Map's child executions,
 * and the schedule rule's role starting the state machine.
 */
export const ORCHESTRATION_PERMISSIONS = {
  logDelivery: [
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ],
  tracing: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
  invoke: ['lambda:InvokeFunction'],
  childExecutions: ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'],
} as const;

/**
 * SDK calls that need no IAM permission of their own, so none is granted. STS GetCallerIdentity works
 * even under an explicit deny (IAM User Guide, "GetCallerIdentity"). TransactWriteItems is no IAM
 * action: each action in it is authorized as the PutItem or UpdateItem it performs (DynamoDB Developer
 * Guide, "Using IAM with DynamoDB transactions"), which the modules that build those actions declare.
 */
export const NO_PERMISSION_REQUIRED: readonly string[] = ['sts:GetCallerIdentity', 'dynamodb:TransactWriteItems'];

/** Modules that call AWS with the operator's credentials, never a deployed role: not checked. */
export const OPERATOR_ONLY_MODULES: readonly string[] = ['lib/cli/'];

/** Every action any component or the platform declares. */
export function declaredActions(): Set<string> {
  const all = new Set<string>();
  for (const c of Object.values(PERMISSIONS) as ComponentPermissions[]) for (const list of Object.values(c.actions)) list.forEach((a) => all.add(a));
  for (const list of Object.values(PLATFORM_PERMISSIONS)) list.forEach((a) => all.add(a));
  return all;
}

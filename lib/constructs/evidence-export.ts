import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm, functionErrorsAlarm } from './alarms';
import { deadLetterQueue } from './dead-letter-queue';
import { PERMISSIONS } from './permissions';
import { bindApprovals } from './table-grants';
import { TallyFunction } from './tally-function';
import type { TallyTables } from './tally-tables';

export interface EvidenceExportProps {
  readonly tables: TallyTables;
  /** Folder of the handler entries. */
  readonly handlersDir: string;
  /** When a bundle is written (of the previous calendar month). @default - 03:00 UTC on the 1st of each month */
  readonly schedule?: Schedule;
  readonly alarmTopic?: ITopic;
  readonly logRetention?: RetentionDays;
}

/**
 * Evidence bundles for auditors: a monthly export of the ledger, approvals and audit log to a
 * versioned, encrypted, private bucket (access-logged), each bundle's manifest signed with an
 * asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) that never leaves KMS. Auditors verify with
 * `tally evidence verify DIR --kms-key-id <key>` (kms:Verify) or the key's public key.
 */
export class EvidenceExport extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly signingKey: Key;
  readonly export: TallyFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EvidenceExportProps) {
    super(scope, id);
    const { tables } = props;
    const common = { encryption: BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, versioned: true, removalPolicy: RemovalPolicy.RETAIN } as const;
    this.accessLogs = new Bucket(this, 'AccessLogs', { ...common, objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED });
    this.bucket = new Bucket(this, 'Bucket', { ...common, serverAccessLogsBucket: this.accessLogs, serverAccessLogsPrefix: 'evidence/' });
    this.signingKey = new Key(this, 'SigningKey', {
      description: 'Tally: signs evidence bundle manifests (ECDSA_SHA_256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = deadLetterQueue(this, 'Dlq');
    this.export = new TallyFunction(this, 'Export', {
      entry: `${props.handlersDir}/evidence-export.ts`,
      description: 'Tally: monthly evidence bundle (findings, approvals, actions, report, signed manifest) to S3',
      timeout: Duration.minutes(10),
      memorySize: 1024,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      environment: { evidenceBucket: this.bucket.bucketName, evidenceKeyId: this.signingKey.keyArn },
    });
    const { read, sign, write } = PERMISSIONS.evidenceExport.actions;
    bindApprovals(this.export, tables.approvals, 'scan');
    this.export
      .bindTable(tables.ledger, { env: 'ledgerTable', actions: read })
      .bindTable(tables.audit, { env: 'auditTable', actions: read })
      .allow(sign, [this.signingKey.keyArn])
      .allowWildcard(write, this.bucket.arnForObjects('*'), 'The export writes one folder of objects per period, named by the period, into its own evidence bucket only.');
    new Rule(this, 'Schedule', {
      description: 'Tally: monthly evidence bundle',
      schedule: props.schedule ?? Schedule.cron({ day: '1', hour: '3', minute: '0' }),
      targets: [new LambdaFunction(this.export.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    functionErrorsAlarm(this, 'ExportErrors', this.export.function, props.alarmTopic);
    deadLetterAlarm(this, 'DlqDepth', this.deadLetterQueue, props.alarmTopic);
  }
}

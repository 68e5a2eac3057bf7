import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REVIEWS_PREFIX } from '../review/bucket-layout';
import { deadLetterAlarm, functionErrorsAlarm } from './alarms';
import { deadLetterQueue } from './dead-letter-queue';
import { PERMISSIONS } from './permissions';
import { TallyFunction, type LambdaEnvKey } from './tally-function';

/** The `reviews` prop of the AccessReconciler: scheduled review campaigns (docs/reviews.md, "Deployed"). */
export interface ReviewSettings {
  /** When a run starts, advances or closes a campaign. @default - daily */
  readonly schedule?: Schedule;
  /** Where campaigns go (`reviews/<campaignId>/…`). @default - a new private, versioned, access-logged bucket */
  readonly bucket?: IBucket;
}

export interface ReviewCampaignsProps extends ReviewSettings {
  readonly approvals: ITableV2;
  readonly eventBus: IEventBus;
  /** Handler environment every Tally function gets (tables, bus, policy). */
  readonly environment: Partial<Record<LambdaEnvKey, string>>;
  readonly handlersDir: string;
  readonly secretRegions?: readonly string[];
  readonly alarmTopic?: ITopic;
  readonly logRetention?: RetentionDays;
}

/**
 * Scheduled access reviews: a function that reads the account as the sweep does (plus IAM Access
 * Analyzer's unused-access findings), keeps campaign state and packets in S3, asks owners on the
 * bus, and past the deadline escalates and (policy `review.escalation: revoke`) revokes approvals
 * through the intake's version-checked write: the one other runtime role that writes approvals.
 */
export class ReviewCampaigns extends Construct {
  readonly function: TallyFunction;
  readonly bucket: IBucket;
  readonly accessLogs?: Bucket;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ReviewCampaignsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.bucket) this.bucket = props.bucket;
    else {
      const common = { encryption: BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, versioned: true, removalPolicy: RemovalPolicy.RETAIN } as const;
      this.accessLogs = new Bucket(this, 'AccessLogs', { ...common, objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED });
      this.bucket = new Bucket(this, 'Bucket', { ...common, serverAccessLogsBucket: this.accessLogs, serverAccessLogsPrefix: 'reviews/' });
    }
    this.deadLetterQueue = deadLetterQueue(this, 'Dlq');
    this.function = new TallyFunction(this, 'Review', {
      entry: `${props.handlersDir}/review-campaign.ts`,
      description: 'Tally: review campaigns (start, read decisions back, escalate, close)',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      // One run at a time; the S3 conditional writes still hold if a manual invoke overlaps.
      reservedConcurrentExecutions: 1,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      environment: { ...props.environment, reviewBucket: this.bucket.bucketName, ...(props.secretRegions ? { secretRegions: props.secretRegions.join(',') } : {}) },
    });

    const fn = this.function;
    const inventory = PERMISSIONS.accountInventory.actions;
    const analyzer = PERMISSIONS.accessAnalyzer.actions;
    const state = PERMISSIONS.reviewCampaigns.actions;
    const secretArn = (region: string) => stack.formatArn({ service: 'secretsmanager', region, resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const analyzerArn = stack.formatArn({ service: 'access-analyzer', resource: 'analyzer', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    fn.allowWildcard(inventory.accountWide, '*', 'GetAccountAuthorizationDetails, Generate/GetCredentialReport and ListSecrets support no resource-level permissions.');
    for (const region of props.secretRegions ?? [stack.region]) {
      fn.allowWildcard(inventory.secret, secretArn(region), "The review reads the inventory as the sweep does: versions of any secret of this account and region; scoped to the account's secret ARNs.");
    }
    fn.allowWildcard(analyzer.list, '*', 'access-analyzer:ListAnalyzers supports no resource-level permissions.')
      .allowWildcard(analyzer.read, analyzerArn, "The review reads the findings of whichever unused-access analyzer the account has; scoped to the account's analyzer ARNs.")
      .bindTable(props.approvals, { env: 'approvalsTable', actions: PERMISSIONS.approvalStore.actions.scan })
      .bindTable(props.approvals, { env: 'approvalsTable', actions: PERMISSIONS.approvalIntake.actions.write })
      .allow(PERMISSIONS.eventBridge.actions.publish, [props.eventBus.eventBusArn])
      // ListBucket makes GetObject of a missing key answer 404 (no campaign yet), not 403.
      .allow(state.list, [this.bucket.bucketArn])
      .allowWildcard(state.state, this.bucket.arnForObjects(`${REVIEWS_PREFIX}*`), 'The review keeps one folder of objects per campaign, named by the campaign, under reviews/ of its own bucket only.');

    new Rule(this, 'Schedule', {
      description: 'Tally: review campaigns',
      schedule: props.schedule ?? Schedule.rate(Duration.days(1)),
      targets: [new LambdaFunction(fn.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    functionErrorsAlarm(this, 'ReviewErrors', fn.function, props.alarmTopic);
    deadLetterAlarm(this, 'DlqDepth', this.deadLetterQueue, props.alarmTopic);
  }
}

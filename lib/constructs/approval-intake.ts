import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_INTAKE_SOURCE, INTAKE_DETAIL_TYPES, intakeSourceProblem } from '../intake/intake-contract';
import { parseWebhookMapping } from '../intake/webhook-mapping';
import { deadLetterAlarm, functionErrorsAlarm, intakeRejectedAlarm } from './alarms';
import { deadLetterQueue } from './dead-letter-queue';
import { PERMISSIONS } from './permissions';
import { TallyFunction, type LambdaEnvKey } from './tally-function';

/** How approvals come in from ticketing tools (docs/events.md "Approvals in", docs/intake.md). */
export interface IntakeSettings {
  /** `source` of the intake events the bus rule takes; never `tally` (Tally's own). @default 'tally.intake' */
  readonly source?: string;
  /**
   * A signed webhook (Lambda function URL) for tools that cannot put EventBridge events, with the
   * mapping from the tool's payload to the record (examples/intake/). @default - no webhook
   */
  readonly webhook?: { readonly mapping: Record<string, unknown> };
}

export interface ApprovalIntakeProps extends IntakeSettings {
  readonly approvals: ITableV2;
  readonly eventBus: IEventBus;
  /** Handler environment every Tally function gets (tables, bus, policy). */
  readonly environment: Partial<Record<LambdaEnvKey, string>>;
  readonly handlersDir: string;
  readonly alarmTopic?: ITopic;
  readonly logRetention?: RetentionDays;
}

/**
 * Approvals in: a rule on the Tally bus for the four intake detail-types of one source (never
 * Tally's own, so its "Tally Approval Rejected" cannot loop back), a function that applies them to
 * the approvals table, and optionally the signed webhook. The intake functions are the only runtime
 * roles allowed to write whole approvals (GetItem + conditional PutItem); everything they cannot
 * take ends in an encrypted dead-letter queue, alarmed.
 */
export class ApprovalIntake extends Construct {
  readonly function: TallyFunction;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;
  readonly source: string;
  readonly webhook?: { function: TallyFunction; url: FunctionUrl; secret: Secret };

  constructor(scope: Construct, id: string, props: ApprovalIntakeProps) {
    super(scope, id);
    this.source = props.source ?? DEFAULT_INTAKE_SOURCE;
    const problem = intakeSourceProblem(this.source);
    if (problem) throw new Error(`ApprovalIntake: source ${JSON.stringify(this.source)}: ${problem}`);
    const mapping = props.webhook ? JSON.stringify(parseWebhookMapping(props.webhook.mapping)) : undefined;

    this.deadLetterQueue = deadLetterQueue(this, 'Dlq');
    const common = { logRetention: props.logRetention, environment: props.environment } as const;
    this.function = this.writer('Function', {
      ...common,
      entry: `${props.handlersDir}/approval-intake.ts`,
      description: 'Tally: apply approval granted/amended/revoked/recertified events to the approvals table',
      timeout: Duration.seconds(30),
      // A handler error (an unreadable event, a failed write) is retried by Lambda, then dead-lettered here.
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    }, props);
    this.rule = new Rule(this, 'Rule', {
      description: `Tally: approval changes from ticketing (source ${this.source})`,
      eventBus: props.eventBus,
      eventPattern: { source: [this.source], detailType: Object.values(INTAKE_DETAIL_TYPES) },
      // Delivery failures (throttling, a missing permission) go to the same queue after EventBridge's retries.
      targets: [new LambdaFunction(this.function.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });

    if (mapping) {
      const secret = new Secret(this, 'WebhookSecret', {
        description: 'Tally: HMAC-SHA256 key of the approval intake webhook (X-Tally-Signature)',
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'A shared HMAC key that the ticketing tool holds too: rotating it is a change on both sides (docs/intake.md), which no rotation Lambda can make in the tool.',
      });
      const fn = this.writer('Webhook', {
        ...common,
        entry: `${props.handlersDir}/approval-webhook.ts`,
        description: 'Tally: signed webhook for ticketing tools (function URL), applies approval changes',
        timeout: Duration.seconds(15),
        // A public URL: a flood of unsigned calls costs at most this much concurrency.
        reservedConcurrentExecutions: 5,
      }, props);
      fn.setEnv('webhookSecret', secret.secretArn).setEnv('webhookMapping', mapping).allow(PERMISSIONS.webhookSecret.actions.read, [secret.secretArn]);
      const url = fn.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
      this.webhook = { function: fn, url, secret };
      new CfnOutput(this, 'WebhookUrl', { value: url.url, description: 'Intake webhook (POST, signed: docs/intake.md)' });
      new CfnOutput(this, 'WebhookSecretArn', { value: secret.secretArn, description: 'HMAC key of the intake webhook' });
      functionErrorsAlarm(this, 'WebhookErrors', fn.function, props.alarmTopic);
    }

    functionErrorsAlarm(this, 'Errors', this.function.function, props.alarmTopic);
    deadLetterAlarm(this, 'DlqDepth', this.deadLetterQueue, props.alarmTopic);
    intakeRejectedAlarm(this, 'Rejected', props.alarmTopic);
  }

  /** A function that writes approvals: the intake grant on the table, and PutEvents for rejections. */
  private writer(id: string, fnProps: ConstructorParameters<typeof TallyFunction>[2], props: ApprovalIntakeProps): TallyFunction {
    return new TallyFunction(this, id, fnProps)
      .bindTable(props.approvals, { env: 'approvalsTable', actions: PERMISSIONS.approvalIntake.actions.write })
      .allow(PERMISSIONS.eventBridge.actions.publish, [props.eventBus.eventBusArn]);
  }
}

import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition, FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { isRegionName } from '../aws/region-name';
import { parsePolicy } from '../core/policy';
import { BY_ACCOUNT_STATE, OPEN_BY_PRINCIPAL } from '../sinks/ledger-table';
import { ApprovalIntake } from './approval-intake';
import { reconcilerAlarms } from './alarms';
import { EvidenceExport } from './evidence-export';
import { ReviewCampaigns } from './review-campaigns';
import { IAM_EVENT_PATTERN, SECRETS_EVENT_PATTERN, wantsIamEvents } from './event-patterns';
import { killSwitchParameter } from './kill-switch';
import { deadLetterQueue } from './dead-letter-queue';
import { CREATOR_WRITE_CONDITIONS, PERMISSIONS, type IamScope } from './permissions';
import { bindApprovals, bindAuditLog } from './table-grants';
import { PROJECT_ROOT, TallyFunction } from './tally-function';

import type { AccessReconcilerProps } from './access-reconciler-props';

export type { AccessReconcilerProps, PolicyInput } from './access-reconciler-props';

/**
 * Tally deployed: a scheduled full sweep, a real-time path on CloudTrail events for IAM and
 * Secrets Manager, and verification of approvals from the approvals table's stream. Each function
 * gets exactly the permissions its components declare in `PERMISSIONS`; asynchronous paths end in
 * an encrypted dead-letter queue, and every function and queue has an alarm.
 */
export class AccessReconciler extends Construct {
  readonly sweep: TallyFunction;
  readonly cloudTrailEvents: TallyFunction;
  readonly approvalStream: TallyFunction;
  readonly eventBus: IEventBus;
  /** Dead-letter queues by function. */
  readonly deadLetterQueues: { sweep: Queue; cloudTrailEvents: Queue; approvalStream: Queue };
  readonly mode: 'report' | 'enforce';
  readonly revocation: 'report' | 'enforce';
  /** The kill switch parameter (`true` pauses every key write, read before each one). */
  readonly killSwitch: StringParameter;
  /** Approval intake, when `intake` is set. */
  readonly intake?: ApprovalIntake;
  /** Evidence export, when `evidenceBucket` is set. */
  readonly evidence?: EvidenceExport;
  /** Review campaigns, when `reviews` is set. */
  readonly reviews?: ReviewCampaigns;

  constructor(scope: Construct, id: string, props: AccessReconcilerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { tables } = props;
    this.mode = props.mode ?? 'report';
    this.revocation = props.revocation ?? 'report';
    const securityHub = props.securityHub ?? true;
    // The grace period counts from a finding's first sighting, which the findings ledger of the
    // Security Hub sync records: without it no key would ever be past its grace.
    if (this.mode === 'enforce' && !securityHub) throw new Error('AccessReconciler: mode "enforce" needs securityHub (the findings ledger dates each finding for the grace period)');
    const policy = parsePolicy({ ...props.policy, ...(props.exemptTag ? { exemptTag: props.exemptTag } : {}) });
    const handlers = props.handlersDir ?? `${PROJECT_ROOT}lambdas`;
    const secretRegions = props.secretRegions ? [...new Set(props.secretRegions)] : undefined;
    const badRegion = secretRegions?.find((r) => !Token.isUnresolved(r) && !isRegionName(r));
    if (secretRegions?.length === 0 || badRegion !== undefined) throw new Error(`AccessReconciler: secretRegions must name AWS regions (like us-east-1), got ${JSON.stringify(props.secretRegions)}`);
    this.eventBus = props.eventBus ?? new EventBus(this, 'Bus');

    const dlq = (queueId: string) => deadLetterQueue(this, queueId);
    this.deadLetterQueues = { sweep: dlq('SweepDlq'), cloudTrailEvents: dlq('CloudTrailEventsDlq'), approvalStream: dlq('ApprovalStreamDlq') };
    Validations.of(this.deadLetterQueues.approvalStream).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the on-failure destination of the approvals stream event source mapping, a dead-letter queue itself; cdk-nag only recognises redrive policies and Lambda DeadLetterConfig.',
    });

    const common = {
      logRetention: props.logRetention,
      environment: {
        mode: this.mode,
        policy: JSON.stringify(policy),
        securityHub: String(securityHub),
        eventBus: this.eventBus.eventBusName,
      },
    } as const;
    this.sweep = new TallyFunction(this, 'Sweep', {
      ...common,
      entry: `${handlers}/sweep.ts`,
      description: `Tally: scheduled full reconcile of the account (${this.mode} mode)`,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      deadLetterQueue: this.deadLetterQueues.sweep,
      retryAttempts: 1,
      // One sweep at a time: a schedule, its retries and a manual invoke never run side by side.
      reservedConcurrentExecutions: 1,
      environment: {
        ...common.environment,
        maxDeactivations: String(props.maxDeactivations ?? 10),
        actionGraceDays: String(props.actionGraceDays ?? 7),
        breakGlass: (props.breakGlass ?? []).join(','),
        revocation: this.revocation,
        maxRevocations: String(props.maxRevocations ?? 10),
        ...(secretRegions ? { secretRegions: secretRegions.join(',') } : {}),
      },
    });
    this.killSwitch = killSwitchParameter(this, props.enforcementPaused ?? false);
    this.sweep.bindKillSwitch(this.killSwitch);
    this.cloudTrailEvents = new TallyFunction(this, 'CloudTrailEvents', {
      ...common,
      entry: `${handlers}/cloudtrail-event.ts`,
      description: 'Tally: reconcile the one principal or secret a CloudTrail event touched',
      timeout: Duration.minutes(2),
      deadLetterQueue: this.deadLetterQueues.cloudTrailEvents,
      retryAttempts: 2,
    });
    this.approvalStream = new TallyFunction(this, 'ApprovalStream', {
      ...common,
      entry: `${handlers}/approval-stream.ts`,
      description: 'Tally: verify new and provisioned approvals and write the evidence back',
      timeout: Duration.minutes(5),
    });

    // --- permissions, from the components each path runs -------------------------------------
    const iamArn = (kind: IamScope) => stack.formatArn({ service: 'iam', region: '', resource: kind, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const secretArn = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const productArn = stack.formatArn({ service: 'securityhub', resource: 'product', resourceName: `${stack.account}/default`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const targeted = PERMISSIONS.targetedRead.actions;
    const entityReason = (kind: string) => `Tally reads any ${kind} of this account that an event or approval names; scoped to the account's ${kind} ARNs.`;
    const secretReason = "Tally reads any secret of this account and region that an event or approval names; scoped to the account's secret ARNs.";

    const { sweep, cloudTrailEvents: events, approvalStream: stream } = this;
    sweep.allowWildcard(PERMISSIONS.accountInventory.actions.accountWide, '*', 'GetAccountAuthorizationDetails, Generate/GetCredentialReport and ListSecrets support no resource-level permissions.');
    for (const region of secretRegions ?? [stack.region]) {
      const arn = region === stack.region ? secretArn : stack.formatArn({ service: 'secretsmanager', region, resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      sweep.allowWildcard(PERMISSIONS.accountInventory.actions.secret, arn, "The sweep lists the versions of any secret of this account and region whose current value's age it must confirm; scoped to the account's secret ARNs.");
    }
    sweep
      .allowWildcard(PERMISSIONS.keyExpiry.actions[this.mode], iamArn('user'), `Key expiry confirms (and in enforce mode deactivates) keys of any user of this account; scoped to the account's user ARNs.`)
    if (this.revocation === 'enforce') {
      const revoke = PERMISSIONS.revocation.actions;
      const why = (kind: string) => `Revocation removes the entitlement an ended approval named from any ${kind} of this account (enforce only); scoped to the account's ${kind} ARNs.`;
      sweep.allowWildcard(revoke.user, iamArn('user'), why('user')).allowWildcard(revoke.role, iamArn('role'), why('role')).allowWildcard(revoke.group, iamArn('group'), why('group'));
    }
    bindAuditLog(bindApprovals(sweep, tables.approvals, 'scan'), tables.audit);
    for (const fn of [events, stream]) {
      fn.allowWildcard(targeted.user, iamArn('user'), entityReason('user'))
        .allowWildcard(targeted.role, iamArn('role'), entityReason('role'))
        .allowWildcard(targeted.group, iamArn('group'), entityReason('group'))
        .allowWildcard(targeted.secret, secretArn, secretReason);
      bindApprovals(fn, tables.approvals, 'byPrincipal')
        // The audit table's name is part of every handler's configuration; nothing is granted on it here.
        .setEnv('auditTable', tables.audit.tableName);
    }
    // The event path remembers principals' creators in the account memory (drafts' suggested owners).
    events.bindTable(tables.audit, { env: 'auditTable', actions: PERMISSIONS.creatorMemory.actions.write, conditions: CREATOR_WRITE_CONDITIONS });
    events.bindTable(tables.idempotency, { env: 'idempotencyTable', actions: PERMISSIONS.idempotency.actions.readWrite });
    for (const fn of [sweep, events, stream]) {
      fn.bindTable(tables.ledger, { env: 'ledgerTable', actions: PERMISSIONS.findingsLedger.actions.readWrite, indexes: [BY_ACCOUNT_STATE, OPEN_BY_PRINCIPAL] });
      fn.allow(PERMISSIONS.eventBridge.actions.publish, [this.eventBus.eventBusArn]);
      if (securityHub) fn.allow(PERMISSIONS.securityHub.actions.import, [productArn]);
    }

    // --- triggers ------------------------------------------------------------------------------
    new Rule(this, 'SweepSchedule', {
      description: 'Tally: full sweep',
      schedule: props.schedule ?? Schedule.rate(Duration.days(1)),
      targets: [new LambdaFunction(sweep.function, { deadLetterQueue: this.deadLetterQueues.sweep, retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
    const eventTarget = () =>
      new LambdaFunction(events.function, { deadLetterQueue: this.deadLetterQueues.cloudTrailEvents, retryAttempts: 8, maxEventAge: Duration.hours(6) });
    if (wantsIamEvents(this, props.iamEvents)) {
      new Rule(this, 'IamEvents', { description: 'Tally: IAM changes (CloudTrail, us-east-1 only)', eventPattern: IAM_EVENT_PATTERN, targets: [eventTarget()] });
    }
    if (props.secretsEvents ?? true) {
      new Rule(this, 'SecretsEvents', { description: 'Tally: Secrets Manager changes and rotation outcomes (CloudTrail)', eventPattern: SECRETS_EVENT_PATTERN, targets: [eventTarget()] });
    }
    stream.function.addEventSource(
      new DynamoEventSource(tables.approvals, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueues.approvalStream),
        // Created or changed approvals only; a deleted approval leaves findings to the next sweep.
        filters: [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY') })],
      }),
    );

    if (props.intake) {
      this.intake = new ApprovalIntake(this, 'Intake', {
        ...props.intake,
        approvals: tables.approvals,
        eventBus: this.eventBus,
        // Every handler's configuration names the ledger and audit tables; nothing is granted on them.
        environment: { ...common.environment, ledgerTable: tables.ledger.tableName, auditTable: tables.audit.tableName },
        handlersDir: handlers,
        ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      });
    }

    if (props.evidenceBucket) {
      this.evidence = new EvidenceExport(this, 'Evidence', {
        tables,
        handlersDir: handlers,
        ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      });
    }

    if (props.reviews) {
      this.reviews = new ReviewCampaigns(this, 'Reviews', {
        ...props.reviews,
        approvals: tables.approvals,
        eventBus: this.eventBus,
        // Every handler's configuration names the ledger and audit tables; nothing is granted on them.
        environment: { ...common.environment, ledgerTable: tables.ledger.tableName, auditTable: tables.audit.tableName },
        handlersDir: handlers,
        ...(secretRegions ? { secretRegions } : {}),
        ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      });
    }

    reconcilerAlarms(this, { Sweep: sweep.function, CloudTrailEvents: events.function, ApprovalStream: stream.function }, this.deadLetterQueues, props.alarmTopic);
  }
}

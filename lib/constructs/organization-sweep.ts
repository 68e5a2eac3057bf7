import { ArnFormat, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, RuleTargetInput, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, QueryLanguage, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BY_ACCOUNT_STATE, OPEN_BY_PRINCIPAL } from '../sinks/ledger-table';
import { EXTERNAL_ID, MEMBER_ENV } from '../config/member-config';
import { parsePolicy } from '../core/policy';
import type { AccessReconcilerProps } from './access-reconciler';
import { deadLetterAlarm, functionErrorsAlarm } from './alarms';
import { DEFAULT_MEMBER_ROLE_NAME } from './member-read-role';
import { killSwitchParameter } from './kill-switch';
import { acknowledgeWildcardResource } from './nag';
import { MAP_LABEL, organizationDefinition } from './organization-definition';
import { deadLetterQueue } from './dead-letter-queue';
import { PERMISSIONS } from './permissions';
import { bindApprovals, bindAuditLog } from './table-grants';
import { PROJECT_ROOT, TallyFunction } from './tally-function';
import type { TallyTables } from './tally-tables';

/** How each member account is swept: the same settings as the single-account sweep. */
export type MemberSweepSettings = Pick<
  AccessReconcilerProps,
  | 'schedule' | 'mode' | 'revocation' | 'maxRevocations' | 'policy' | 'exemptTag' | 'securityHub' | 'maxDeactivations' | 'actionGraceDays' | 'breakGlass' | 'enforcementPaused'
  | 'alarmTopic' | 'logRetention' | 'handlersDir'
>;

export interface OrganizationSweepProps extends MemberSweepSettings {
  /** The central tables: approvals (read, evidence), findings ledger, audit log. */
  readonly tables: Pick<TallyTables, 'approvals' | 'ledger' | 'audit'>;
  /** Bus for result events. @default - no events are published */
  readonly eventBus?: IEventBus;
  /** `sts:ExternalId` the member roles require (the StackSet's `ExternalId` parameter). */
  readonly externalId: string;
  /** Name of the member read role (the StackSet's role). @default DEFAULT_MEMBER_ROLE_NAME */
  readonly memberRoleName?: string;
  /** Accounts never swept (e.g. a break-glass or log-archive account). @default [] */
  readonly excludeAccounts?: readonly string[];
  /**
   * Sweep the account this construct is deployed in as well. Off by default: the AccessReconciler
   * in the same account already sweeps it, and two sweeps would import its findings twice.
   * @default false
   */
  readonly includeOwnAccount?: boolean;
  /** Member sweeps at once (Distributed Map MaxConcurrency). @default 10 */
  readonly maxConcurrency?: number;
  /**
   * The organization's id (`o-…`): AssumeRole is then allowed only on roles of that organization
   * (`aws:ResourceOrgID`). @default - any account's role of the member role's name
   */
  readonly organizationId?: string;
  /** Longest a whole organization run may take. @default Duration.hours(6) */
  readonly timeout?: Duration;
}

/**
 * Tally across an AWS Organization: a STANDARD Step Functions state machine, started on a schedule,
 * lists the organization's ACTIVE accounts (all pages) and fans out one member sweep per account in
 * a Distributed Map with bounded concurrency. The member-sweep function assumes the member read
 * role (see MemberReadRole) for everything in the account — IAM, Secrets Manager, Security Hub
 * import — and keeps the approvals, the findings ledger, the audit log and the events central. An
 * account that fails is caught and listed in the run's output; the others go on.
 */
export class OrganizationSweep extends Construct {
  readonly memberSweep: TallyFunction;
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  readonly memberRoleName: string;
  readonly externalId: string;
  /** Where scheduled starts go when EventBridge cannot start the state machine. */
  readonly startDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: OrganizationSweepProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const mode = props.mode ?? 'report';
    const securityHub = props.securityHub ?? true;
    if (mode === 'enforce' && !securityHub) throw new Error('OrganizationSweep: mode "enforce" needs securityHub (the findings ledger dates each finding for the grace period)');
    this.memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
    this.externalId = props.externalId;
    if (!EXTERNAL_ID.test(props.externalId)) throw new Error('OrganizationSweep: externalId must be 2–1224 characters of [A-Za-z0-9+=,.@:/_-]');
    const maxConcurrency = props.maxConcurrency ?? 10;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 10_000) throw new Error(`OrganizationSweep: maxConcurrency must be 1–10000, got ${maxConcurrency}`);
    const bad = (props.excludeAccounts ?? []).filter((a) => !/^\d{12}$/.test(a));
    if (bad.length) throw new Error(`OrganizationSweep: excludeAccounts must be 12-digit account ids, got ${bad.join(', ')}`);
    const policy = parsePolicy({ ...props.policy, ...(props.exemptTag ? { exemptTag: props.exemptTag } : {}) });

    // --- the member sweep ----------------------------------------------------------------------
    this.memberSweep = new TallyFunction(this, 'MemberSweep', {
      entry: `${props.handlersDir ?? `${PROJECT_ROOT}lambdas`}/member-sweep.ts`,
      description: `Tally: sweep one member account of the organization (${mode} mode)`,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention: props.logRetention,
      environment: {
        mode,
        policy: JSON.stringify(policy),
        securityHub: String(securityHub),
        maxDeactivations: String(props.maxDeactivations ?? 10),
        actionGraceDays: String(props.actionGraceDays ?? 7),
        breakGlass: (props.breakGlass ?? []).join(','),
        // The member role grants the writes only when its StackSet says so (TallyMemberRoleStack `revocation`).
        revocation: props.revocation ?? 'report',
        maxRevocations: String(props.maxRevocations ?? 10),
        ...(props.eventBus ? { eventBus: props.eventBus.eventBusName } : {}),
      },
    });
    const fn = this.memberSweep;
    fn.bindKillSwitch(killSwitchParameter(this, props.enforcementPaused ?? false));
    fn.function.addEnvironment(MEMBER_ENV.memberRoleName, this.memberRoleName);
    fn.function.addEnvironment(MEMBER_ENV.externalId, this.externalId);
    bindAuditLog(bindApprovals(fn, props.tables.approvals, 'scan'), props.tables.audit)
      .bindTable(props.tables.ledger, { env: 'ledgerTable', actions: PERMISSIONS.findingsLedger.actions.readWrite, indexes: [BY_ACCOUNT_STATE, OPEN_BY_PRINCIPAL] });
    if (props.eventBus) fn.allow(PERMISSIONS.eventBridge.actions.publish, [props.eventBus.eventBusArn]);
    // Everything in a member account goes through its role; this role reads nothing of its own account.
    const memberRoles = `arn:${stack.partition}:iam::*:role/${this.memberRoleName}`;
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...PERMISSIONS.memberAccess.actions.assume],
        resources: [memberRoles],
        ...(props.organizationId ? { conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } } } : {}),
      }),
    );
    acknowledgeWildcardResource(fn.role, memberRoles, 'The member sweep assumes the Tally read role of whichever member account the organization lists; scoped to that one role name (whose trust requires this role and the external id).');

    // --- the state machine ---------------------------------------------------------------------
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-${this.node.id}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const excluded = [...(props.excludeAccounts ?? []), ...(props.includeOwnAccount ? [] : [stack.account])];
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Tally: list the active accounts of the organization and sweep each with its member role',
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSONATA,
      definitionBody: DefinitionBody.fromChainable(organizationDefinition(this, { memberSweep: fn.function, excludedAccounts: excluded, maxConcurrency })),
      timeout: props.timeout ?? Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    const smRole = this.stateMachine.role;
    acknowledgeWildcardResource(smRole, '*', 'Organizations ListAccounts, CloudWatch Logs log delivery and X-Ray support no resource-level permissions.');
    acknowledgeWildcardResource(smRole, `${fn.function.functionArn}:*`, 'Step Functions invokes the member-sweep function (any version or alias of that one function), as CDK grants it.');
    // The Distributed Map's child executions, granted by CDK on this state machine's executions.
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn)),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const childReason = "The Distributed Map describes, stops and redrives its own child executions, whose names Step Functions generates; scoped to this state machine's executions.";
    acknowledgeWildcardResource(this.stateMachine, `${executions}:*`, childReason);
    acknowledgeWildcardResource(this.stateMachine, `${executions}/${MAP_LABEL}:*`, childReason);

    // --- trigger and alarms --------------------------------------------------------------------
    this.startDeadLetterQueue = deadLetterQueue(this, 'StartDlq');
    Validations.of(this.startDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the schedule rule target (scheduled starts EventBridge could not deliver), a dead-letter queue itself.',
    });
    new Rule(this, 'Schedule', {
      description: 'Tally: organization sweep',
      schedule: props.schedule ?? Schedule.rate(Duration.days(1)),
      targets: [new SfnStateMachine(this.stateMachine, { input: RuleTargetInput.fromObject({}), deadLetterQueue: this.startDeadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
    functionErrorsAlarm(this, 'MemberSweepErrors', fn.function, props.alarmTopic);
    deadLetterAlarm(this, 'StartDlqDepth', this.startDeadLetterQueue, props.alarmTopic);
    for (const [name, metric] of [['RunsFailed', this.stateMachine.metricFailed()], ['RunsTimedOut', this.stateMachine.metricTimedOut()]] as const) {
      const alarm = new Alarm(this, name, {
        alarmDescription: `Tally: an organization sweep run ${name === 'RunsFailed' ? 'failed' : 'timed out'}. Its execution shows which state; accounts are reported in the output of runs that finish.`,
        metric: metric.with({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic) {
        alarm.addAlarmAction(new SnsAction(props.alarmTopic));
        alarm.addOkAction(new SnsAction(props.alarmTopic));
      }
    }
  }
}

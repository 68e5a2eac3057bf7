import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { AccessReconciler, type AccessReconcilerProps } from './access-reconciler';
import { TallyTables, type TallyTablesProps } from './tally-tables';

/** The reconciler's settings; tables, bus and alarm topic are made (or looked up) by the stack. */
export type ReconcilerSettings = Omit<AccessReconcilerProps, 'tables' | 'alarmTopic' | 'eventBus'>;

export interface TallyStackProps extends StackProps {
  /** @default {} — report mode, daily sweep, Tally's default thresholds */
  readonly reconciler?: ReconcilerSettings;
  /** @default {} — AWS managed encryption, retained, deletion protection on */
  readonly tables?: Omit<TallyTablesProps, 'encryptionKey'>;
  /** Customer managed KMS key (ARN) for the tables. @default - the AWS managed key */
  readonly tableKeyArn?: string;
  /** An existing event bus (name) for Tally's result events. @default - a new bus */
  readonly eventBusName?: string;
  /** Email address subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
}

/**
 * The ready-made deployment: TallyTables (stateful) and AccessReconciler (stateless) in one stack,
 * an SNS topic for the alarms, and the names a team needs as outputs.
 */
export class TallyStack extends Stack {
  readonly tables: TallyTables;
  readonly reconciler: AccessReconciler;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: TallyStackProps = {}) {
    super(scope, id, { description: 'Tally: reconciles approved access with IAM and Secrets Manager', ...props });
    this.tables = new TallyTables(this, 'Data', {
      ...props.tables,
      ...(props.tableKeyArn ? { encryptionKey: Key.fromKeyArn(this, 'TableKey', props.tableKeyArn) } : {}),
    });
    this.alarmTopic = new Topic(this, 'Alarms', { displayName: 'Tally alarms', enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.reconciler = new AccessReconciler(this, 'Reconciler', {
      ...props.reconciler,
      tables: this.tables,
      alarmTopic: this.alarmTopic,
      ...(props.eventBusName ? { eventBus: EventBus.fromEventBusName(this, 'Bus', props.eventBusName) } : {}),
    });

    const out = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    out('ApprovalsTable', this.tables.approvals.tableName, 'Approvals table (TALLY_APPROVALS_TABLE for `tally approvals import`)');
    out('LedgerTable', this.tables.ledger.tableName, 'Findings ledger table');
    out('AuditTable', this.tables.audit.tableName, 'Audit log of key actions');
    out('EventBusName', this.reconciler.eventBus.eventBusName, "Bus carrying Tally's result events");
    out('SweepFunction', this.reconciler.sweep.function.functionName, 'Invoke to sweep now');
    out('AlarmTopicArn', this.alarmTopic.topicArn, 'Alarms notify here');
    out('Mode', this.reconciler.mode, 'report or enforce');
  }
}

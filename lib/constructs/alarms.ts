import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS } from '../lambda-support/metric-names';

const PERIOD = Duration.minutes(5);

function notify(alarm: Alarm, topic: ITopic | undefined): Alarm {
  if (topic) {
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
  }
  return alarm;
}

/** Any invocation error in 5 minutes (a handler error is never expected: failures it knows it reports). */
export function functionErrorsAlarm(scope: Construct, id: string, fn: IFunction, topic?: ITopic): Alarm {
  return notify(
    new Alarm(scope, id, {
      alarmDescription: `Tally: ${fn.node.path} failed. Check its logs; failed events wait in its dead-letter queue.`,
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

/** Any message in a dead-letter queue: an event Tally gave up on. */
export function deadLetterAlarm(scope: Construct, id: string, queue: IQueue, topic?: ITopic): Alarm {
  return notify(
    new Alarm(scope, id, {
      alarmDescription: `Tally: events are waiting in ${queue.node.path}. Inspect them, fix the cause, then redrive or purge.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

/** Any count of a Tally metric in 5 minutes: something Tally skipped or held and a person must look at. */
function tallyMetricAlarm(scope: Construct, id: string, metricName: string, description: string, topic?: ITopic): Alarm {
  return notify(
    new Alarm(scope, id, {
      alarmDescription: `Tally: ${description} (${METRICS.namespace}/${metricName})`,
      metric: new Metric({ namespace: METRICS.namespace, metricName, dimensionsMap: { service: METRICS.service }, period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

/**
 * Any malformed CloudTrail event. The event function skips it (a retry cannot fix it) and raises no
 * error, so without this alarm a change to the event shape would go unnoticed.
 */
export function malformedEventsAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  const description = 'CloudTrail events could not be read and were skipped. The event function\'s log names the field; the scheduled sweep still covers the principals.';
  return tallyMetricAlarm(scope, id, METRICS.malformed, description, topic);
}

/**
 * Any approval in the table that does not validate. The sweep goes on (and keeps every finding of
 * the principal it names open), so without this alarm a corrupt authorization would go unnoticed.
 */
export function invalidApprovalsAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  const description = 'approvals in the table do not validate: their principals\' findings are held open. The log line "invalid approval" names the key and the field; fix or re-import the record.';
  return tallyMetricAlarm(scope, id, METRICS.invalidApprovals, description, topic);
}

/**
 * Any planned key deactivation an enforce run did not make: the daily cap was reached (65 keys to
 * deactivate, cap 10), the kill switch is on or unreadable, or another run held the account or key.
 * The run ends without an error (a retry would be held the same way), so without this alarm a
 * stopped enforcement would go unnoticed. Report mode never counts any.
 */
export function blockedActionsAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  const description =
    'planned key deactivations were not made: the daily cap was reached, the kill switch is on (or unreadable), or another run held the account. The log line "key expiry held back" and BlockedActions by reason say which; the audit table lists each key.';
  return tallyMetricAlarm(scope, id, METRICS.blocked, description, topic);
}

/**
 * Any intake change refused ("Tally Approval Rejected"): a ticketing tool sent an approval Tally
 * cannot take, so the access it grants or revokes is not recorded until the ticket is fixed.
 */
export function intakeRejectedAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  const description = 'approval changes from a ticketing tool were refused. The log line "intake change rejected" and the "Tally Approval Rejected" event name the ticket and the field.';
  return tallyMetricAlarm(scope, id, METRICS.intakeRejected, description, topic);
}

/**
 * A container whose Lambda runtime holds an older `@aws-sdk` than the tests ran: the handler bundles
 * leave the SDK to the runtime, and AWS does not publish which version a runtime holds per Region.
 */
export function runtimeSdkOlderAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  const description = 'a function runs on an older AWS SDK than Tally was tested with. The log line "older AWS SDK" names each package and both versions; deploy a Tally built against it, or add the tested SDK as a layer.';
  return tallyMetricAlarm(scope, id, METRICS.runtimeSdkOlder, description, topic);
}

/** The reconciler's alarms: errors of each function, messages in each dead-letter queue, and Tally's own metrics. */
export function reconcilerAlarms(scope: Construct, functions: Record<string, IFunction>, queues: Record<string, IQueue>, topic?: ITopic): void {
  for (const [name, fn] of Object.entries(functions)) functionErrorsAlarm(scope, `${name}Errors`, fn, topic);
  for (const [name, queue] of Object.entries(queues)) deadLetterAlarm(scope, `${name}DlqDepth`, queue, topic);
  malformedEventsAlarm(scope, 'CloudTrailEventsMalformed', topic);
  invalidApprovalsAlarm(scope, 'ApprovalsInvalid', topic);
  blockedActionsAlarm(scope, 'KeyDeactivationsBlocked', topic);
  runtimeSdkOlderAlarm(scope, 'RuntimeSdkOlder', topic);
}

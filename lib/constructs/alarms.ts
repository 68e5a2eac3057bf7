import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVENT_METRICS } from '../events/event-metrics';

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

/**
 * Any malformed CloudTrail event in 5 minutes. The event function skips it (a retry cannot fix it)
 * and raises no error, so without this alarm a change to the event shape would go unnoticed.
 */
export function malformedEventsAlarm(scope: Construct, id: string, topic?: ITopic): Alarm {
  return notify(
    new Alarm(scope, id, {
      alarmDescription: `Tally: CloudTrail events could not be read and were skipped (${EVENT_METRICS.namespace}/${EVENT_METRICS.malformed}). The event function's log names the field; the scheduled sweep still covers the principals.`,
      metric: new Metric({
        namespace: EVENT_METRICS.namespace,
        metricName: EVENT_METRICS.malformed,
        dimensionsMap: { service: EVENT_METRICS.service },
        period: PERIOD,
        statistic: 'Sum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

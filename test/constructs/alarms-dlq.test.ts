import { beforeAll, describe, expect, it } from 'vitest';
import { resources, synth, type Synth } from './synth';

describe('dead-letter queues and alarms', () => {
  let s: Synth;
  const id = (c: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(c.node.defaultChild as never);
  beforeAll(() => {
    s = synth();
  }, 60_000);

  it('keeps three encrypted dead-letter queues for 14 days, reachable over TLS only', () => {
    const queues = resources(s.template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(3);
    for (const [, q] of queues) expect(q.Properties).toEqual({ MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true });
    const policies = resources(s.template, 'AWS::SQS::QueuePolicy');
    for (const [queueId] of queues) {
      const policy = policies.find(([, p]) => JSON.stringify((p.Properties as any).Queues).includes(queueId));
      expect((policy![1].Properties as any).PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('sends failed asynchronous invocations of the sweep and the event function to their queues', () => {
    const { sweep, cloudTrailEvents } = s.stack.reconciler;
    const fns = s.template.toJSON().Resources;
    expect(fns[id(sweep.function)].Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [id(s.stack.reconciler.deadLetterQueues.sweep), 'Arn'] } });
    expect(fns[id(cloudTrailEvents.function)].Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [id(s.stack.reconciler.deadLetterQueues.cloudTrailEvents), 'Arn'] },
    });
    const configs = resources(s.template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties as any);
    expect(configs.map((c) => [c.FunctionName.Ref, c.MaximumRetryAttempts]).sort()).toEqual(
      [[id(sweep.function), 1], [id(cloudTrailEvents.function), 2]].sort(),
    );
  });

  it('reads the approvals stream in bounded, bisected batches with partial failures and an on-failure queue', () => {
    const mappings = resources(s.template, 'AWS::Lambda::EventSourceMapping') as [string, any][];
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1];
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [id(s.stack.tables.approvals), 'StreamArn'] },
      FunctionName: { Ref: id(s.stack.reconciler.approvalStream.function) },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 86400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [id(s.stack.reconciler.deadLetterQueues.approvalStream), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'] }) }] },
    });
  });

  it('alarms on any error of each function, any message in each queue, any malformed CloudTrail event, any invalid approval, any blocked key deactivation and a runtime SDK older than the tested one, notifying the topic', () => {
    const alarms = resources(s.template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as any);
    const topic = { Ref: id(s.stack.alarmTopic) };
    const errors = alarms.filter((a) => a.MetricName === 'Errors');
    expect(errors.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(
      [s.stack.reconciler.sweep, s.stack.reconciler.cloudTrailEvents, s.stack.reconciler.approvalStream].map((f) => id(f.function)).sort(),
    );
    const depth = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depth.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual(
      Object.values(s.stack.reconciler.deadLetterQueues).map((q) => id(q)).sort(),
    );
    const malformed = alarms.filter((a) => a.MetricName === 'MalformedEvents');
    expect(malformed).toEqual([
      expect.objectContaining({ Namespace: 'Tally', Dimensions: [{ Name: 'service', Value: 'tally' }], Statistic: 'Sum', Period: 300 }),
    ]);
    const invalid = alarms.filter((a) => a.MetricName === 'InvalidApprovals');
    expect(invalid).toEqual([
      expect.objectContaining({ Namespace: 'Tally', Dimensions: [{ Name: 'service', Value: 'tally' }], Statistic: 'Sum', Period: 300 }),
    ]);
    const blocked = alarms.filter((a) => a.MetricName === 'BlockedActions');
    expect(blocked).toEqual([
      expect.objectContaining({ Namespace: 'Tally', Dimensions: [{ Name: 'service', Value: 'tally' }], Statistic: 'Sum', Period: 300 }),
    ]);
    expect(blocked[0].AlarmDescription).toMatch(/cap|kill switch/);
    const olderSdk = alarms.filter((a) => a.MetricName === 'RuntimeSdkOlderThanTested');
    expect(olderSdk).toEqual([
      expect.objectContaining({ Namespace: 'Tally', Dimensions: [{ Name: 'service', Value: 'tally' }], Statistic: 'Sum', Period: 300 }),
    ]);
    expect(alarms).toHaveLength(10);
    for (const a of alarms) {
      expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
      expect(a.AlarmActions).toEqual([topic]);
      expect(a.OKActions).toEqual([topic]);
    }
  });

  it('publishes alarms on a topic that refuses plain-text publishing', () => {
    const policy = (resources(s.template, 'AWS::SNS::TopicPolicy') as [string, any][])[0]![1];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});

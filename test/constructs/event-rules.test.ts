import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { IAM_EVENT_NAMES, SECRETS_EVENT_NAMES } from '../../lib/constructs/event-patterns';
import { SUPPORTED_EVENT_NAMES } from '../../lib/events/cloudtrail-targets';
import { resources, synth, type Synth } from './synth';

const IAM_NAMES = [
  'CreateUser', 'DeleteUser', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
  'PutUserPolicy', 'DeleteUserPolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'PutGroupPolicy', 'DeleteGroupPolicy',
  'AddUserToGroup', 'RemoveUserFromGroup', 'CreateRole', 'DeleteRole', 'UpdateAssumeRolePolicy', 'CreateLoginProfile',
  'TagUser', 'UntagUser', 'TagRole', 'UntagRole', 'TagPolicy', 'UntagPolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion',
];
const SECRETS_NAMES = [
  'CreateSecret', 'DeleteSecret', 'PutResourcePolicy', 'RotateSecret', 'UpdateSecret', 'TagResource', 'UntagResource',
  'RotationSucceeded', 'RotationFailed', 'RotationStarted', 'RotationAbandoned',
];

type Rule = { Properties: { EventPattern?: any; ScheduleExpression?: string; Targets: any[]; EventBusName?: unknown } };
const rulesOf = (s: Synth) => resources(s.template, 'AWS::Events::Rule') as unknown as [string, Rule][];
const patternRules = (s: Synth, source: string) => rulesOf(s).filter(([, r]) => r.Properties.EventPattern?.source?.includes(source));
const fnId = (s: Synth, which: 'sweep' | 'cloudTrailEvents') => s.stack.getLogicalId(s.stack.reconciler[which].function.node.defaultChild as never);
const warnings = (s: Synth) => Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('IAM'));

describe('event rules in us-east-1', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ region: 'us-east-1' });
  }, 60_000);

  it('forwards exactly the IAM API calls Tally reconciles, from CloudTrail on the default bus', () => {
    const [rule] = patternRules(s, 'aws.iam');
    expect(rule).toBeDefined();
    const p = rule![1].Properties;
    expect(p.EventBusName).toBeUndefined();
    expect(p.EventPattern).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['iam.amazonaws.com'], eventName: IAM_NAMES },
    });
    expect(warnings(s)).toEqual([]);
  });

  it('forwards Secrets Manager calls and rotation outcomes under both detail-types', () => {
    const [rule] = patternRules(s, 'aws.secretsmanager');
    expect(rule![1].Properties.EventPattern).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
      detail: { eventName: SECRETS_NAMES },
    });
  });

  it('sends both CloudTrail rules to the event function, with retries and its dead-letter queue', () => {
    const dlq = s.stack.getLogicalId(s.stack.reconciler.deadLetterQueues.cloudTrailEvents.node.defaultChild as never);
    for (const source of ['aws.iam', 'aws.secretsmanager']) {
      const [, rule] = patternRules(s, source)[0]!;
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [fnId(s, 'cloudTrailEvents'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 8 },
        }),
      ]);
    }
  });

  it('runs the sweep daily by default', () => {
    const schedules = rulesOf(s).filter(([, r]) => r.Properties.ScheduleExpression);
    expect(schedules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(1 day)']);
    expect(schedules[0]![1].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fnId(s, 'sweep'), 'Arn'] });
  });

  it('lists the same event names the handler has a target rule for', () => {
    expect([...IAM_EVENT_NAMES].sort()).toEqual([...(SUPPORTED_EVENT_NAMES['iam.amazonaws.com'] ?? [])].sort());
    expect([...SECRETS_EVENT_NAMES].sort()).toEqual([...(SUPPORTED_EVENT_NAMES['secretsmanager.amazonaws.com'] ?? [])].sort());
  });
});

describe('the IAM rule outside us-east-1', () => {
  it('is left out with a warning in another region; Secrets Manager is still subscribed', () => {
    const s = synth({ region: 'eu-west-1' });
    expect(patternRules(s, 'aws.iam')).toEqual([]);
    expect(patternRules(s, 'aws.secretsmanager')).toHaveLength(1);
    expect(warnings(s)).toHaveLength(1);
    expect(JSON.stringify(warnings(s)[0]!.entry.data)).toMatch(/us-east-1 only.*eu-west-1/);
  });

  it('is left out with a warning when the region is unknown at synth', () => {
    const s = synth({ region: null });
    expect(patternRules(s, 'aws.iam')).toEqual([]);
    expect(JSON.stringify(warnings(s)[0]!.entry.data)).toMatch(/unknown at synth/);
  });

  it('is added when forced, still with a warning', () => {
    const s = synth({ region: 'eu-west-1', reconciler: { iamEvents: true } });
    expect(patternRules(s, 'aws.iam')).toHaveLength(1);
    expect(JSON.stringify(warnings(s)[0]!.entry.data)).toMatch(/will not fire/);
  });

  it('can be switched off in us-east-1, and Secrets Manager events too', () => {
    const s = synth({ region: 'us-east-1', reconciler: { iamEvents: false, secretsEvents: false } });
    expect(rulesOf(s).filter(([, r]) => r.Properties.EventPattern)).toEqual([]);
  });

  it('takes a cron schedule', () => {
    const s = synth({ reconciler: { schedule: Schedule.cron({ minute: '0', hour: '3' }) } });
    expect(rulesOf(s).map(([, r]) => r.Properties.ScheduleExpression).filter(Boolean)).toEqual(['cron(0 3 * * ? *)']);
  });
});

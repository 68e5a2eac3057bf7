import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

/** Mocks of every client a sweep talks to besides DynamoDB (which the tests run on dynalite). */
export function awsMocks() {
  return {
    iam: mockClient(IAMClient),
    sm: mockClient(SecretsManagerClient),
    sh: mockClient(SecurityHubClient),
    eb: mockClient(EventBridgeClient),
    sts: mockClient(STSClient),
  };
}

export type AwsMocks = ReturnType<typeof awsMocks>;

/** Resets every mock, then: STS answers `account`, Security Hub and EventBridge accept everything (documented response shapes). */
export function acceptingSinks(m: AwsMocks, account = '123456789012'): void {
  for (const mock of Object.values(m)) mock.reset();
  m.sts.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:sts::${account}:assumed-role/tally/test`, UserId: 'AROAEXAMPLE:test' });
  m.sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
  m.eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })) }));
}

/**
 * What the mocks and DynamoDB received, by `service:Operation` (`iam:UpdateAccessKey`), named from
 * the command classes and the wire requests: a count apart from Tally's own CallCounter.
 */
export function receivedCalls(m: Pick<AwsMocks, 'iam' | 'sm' | 'sh' | 'eb' | 'sts'>, dynamoRequests: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (name: string) => void (counts[name] = (counts[name] ?? 0) + 1);
  const services: [string, { calls(): { args: unknown[] }[] }][] = [['iam', m.iam], ['secretsmanager', m.sm], ['securityhub', m.sh], ['events', m.eb], ['sts', m.sts]];
  for (const [service, mock] of services) for (const call of mock.calls()) add(`${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`);
  for (const op of dynamoRequests) add(`dynamodb:${op}`);
  return counts;
}

import { describe, expect, it } from 'vitest';
import { SUPPORTED_EVENT_NAMES } from '../../lib/events/cloudtrail-targets';
import { parseCloudTrailEvent } from '../../lib/events/cloudtrail-event';
import { CREATOR_EVENTS } from '../../lib/events/event-creator';
import type { UserReadScope } from '../../lib/inventory/read-scope';
import type { PrincipalRef } from '../../lib/inventory/targeted-read';
import {
  IAM_EVENT_NAMES,
  POLICY_EVENT_NAMES,
  ROTATION_EVENT_NAMES,
  SECRETS_EVENT_NAMES,
  envelope,
  fixture,
  iamEvent,
  policyEvent,
  rotationEvent,
  secretsEvent,
} from './cloudtrail-fixtures';

const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-Ca8JGt';
const ROTATED_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:Appuser-pyodbc-WoDpmU';
const CREATED_ROLE = 'arn:aws:iam::946986569305:role/stratus-red-team-malicious-iam-role';

const IAM_TARGETS: Record<string, [PrincipalRef, string?]> = {
  CreateUser: [{ userName: 'alice' }, 'arn:aws:iam::946986569305:user/engineering/alice'],
  DeleteUser: [{ userName: 'alice' }],
  CreateAccessKey: [{ userName: 'malicious-iam-user' }],
  UpdateAccessKey: [{ userName: 'alice' }],
  DeleteAccessKey: [{ userName: 'alice' }],
  AttachUserPolicy: [{ userName: 'malicious-iam-user' }],
  DetachUserPolicy: [{ userName: 'malicious-iam-user' }],
  AttachRolePolicy: [{ roleName: 'stratus-red-team-malicious-iam-role' }],
  DetachRolePolicy: [{ roleName: 'stratus-red-team-malicious-iam-role' }],
  AttachGroupPolicy: [{ groupName: 'admin' }],
  DetachGroupPolicy: [{ groupName: 'admin' }],
  PutUserPolicy: [{ userName: 'alice' }],
  DeleteUserPolicy: [{ userName: 'alice' }],
  PutRolePolicy: [{ roleName: 'Test-Role' }],
  DeleteRolePolicy: [{ roleName: 'Test-Role' }],
  PutGroupPolicy: [{ groupName: 'admin' }],
  DeleteGroupPolicy: [{ groupName: 'admin' }],
  AddUserToGroup: [{ userName: 'Bob' }],
  RemoveUserFromGroup: [{ userName: 'Bob' }],
  CreateRole: [{ roleName: 'stratus-red-team-malicious-iam-role' }, CREATED_ROLE],
  DeleteRole: [{ roleName: 'stratus-red-team-malicious-iam-role' }],
  UpdateAssumeRolePolicy: [{ roleName: 'stratus-red-team-backdoor-r-role' }],
  CreateLoginProfile: [{ userName: 'stratus-red-team-login-profile-user' }],
  TagUser: [{ userName: 'alice' }],
  UntagUser: [{ userName: 'alice' }],
  TagRole: [{ roleName: 'Test-Role' }],
  UntagRole: [{ roleName: 'Test-Role' }],
};

/** What of the user each event reads: only the part it can have changed (the rest: all of it). */
const USER_SCOPES: Record<string, UserReadScope> = {
  CreateAccessKey: { parts: ['access-key'] },
  UpdateAccessKey: { parts: ['access-key'] },
  DeleteAccessKey: { parts: ['access-key'] },
  AttachUserPolicy: { parts: ['managed-policy'] },
  DetachUserPolicy: { parts: ['managed-policy'] },
  PutUserPolicy: { parts: ['inline-policy'], inlinePolicy: { name: 's3-read', put: true } },
  DeleteUserPolicy: { parts: ['inline-policy'], inlinePolicy: { name: 's3-read', put: false } },
  AddUserToGroup: { parts: ['group-membership'] },
  RemoveUserFromGroup: { parts: ['group-membership'] },
};

const SECRETS_TARGETS: Record<string, [PrincipalRef, string?]> = {
  CreateSecret: [{ secretId: SECRET_ARN }, SECRET_ARN],
  DeleteSecret: [{ secretId: 'MyTestSecret' }, SECRET_ARN],
  PutResourcePolicy: [{ secretId: SECRET_ARN }, SECRET_ARN],
  RotateSecret: [{ secretId: 'MyTestSecret' }, SECRET_ARN],
  UpdateSecret: [{ secretId: 'MyTestSecret' }, SECRET_ARN],
  TagResource: [{ secretId: 'MyTestSecret' }],
  UntagResource: [{ secretId: 'MyTestSecret' }],
};

describe('parseCloudTrailEvent: supported events', () => {
  it('covers exactly the supported event names with fixtures', () => {
    expect(Object.keys(IAM_TARGETS).sort()).toEqual([...IAM_EVENT_NAMES].sort());
    expect(SUPPORTED_EVENT_NAMES['iam.amazonaws.com']?.slice().sort()).toEqual([...IAM_EVENT_NAMES, ...POLICY_EVENT_NAMES].sort());
    expect(SUPPORTED_EVENT_NAMES['secretsmanager.amazonaws.com']?.slice().sort()).toEqual(
      [...SECRETS_EVENT_NAMES, ...ROTATION_EVENT_NAMES].sort(),
    );
  });

  it.each(Object.entries(IAM_TARGETS))('targets the right principal when IAM sends %s', (eventName, [target, arn]) => {
    const event = iamEvent(eventName);
    const parsed = parseCloudTrailEvent(event);
    expect(parsed).toEqual({
      kind: 'target',
      eventId: event.detail.eventID,
      eventName,
      eventTime: '2024-07-30T21:53:13Z',
      account: '946986569305',
      region: 'us-east-1',
      target,
      ...(arn === undefined ? {} : { principalArn: arn }),
      ...(USER_SCOPES[eventName] ? { scope: USER_SCOPES[eventName] } : {}),
      actor: 'arn:aws:iam::946986569305:user/christophe',
      ...(CREATOR_EVENTS.has(eventName) ? { creator: { creator: 'arn:aws:iam::946986569305:user/christophe', how: CREATOR_EVENTS.get(eventName) } } : {}),
    });
  });

  it('names the session and the role that issued it as the creator when an assumed role creates a user', () => {
    const event = iamEvent('CreateUser') as { detail: Record<string, unknown> };
    event.detail.userIdentity = {
      type: 'AssumedRole', principalId: 'AROAIDPPEZS35WEXAMPLE:alice@example.com', arn: 'arn:aws:sts::946986569305:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com', accountId: '946986569305', accessKeyId: 'ASIAEXAMPLE',
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAIDPPEZS35WEXAMPLE', arn: 'arn:aws:iam::946986569305:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef', accountId: '946986569305', userName: 'AWSReservedSSO_Admin_0123456789abcdef' }, attributes: { mfaAuthenticated: 'false', creationDate: '2024-07-30T21:00:00Z' } },
    };
    expect(parseCloudTrailEvent(event)).toMatchObject({
      creator: { creator: 'alice@example.com via arn:aws:iam::946986569305:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef', how: 'create' },
    });
  });

  it('names no creator when the event neither creates nor grants', () => {
    expect(parseCloudTrailEvent(iamEvent('DetachUserPolicy'))).not.toHaveProperty('creator');
  });

  it.each(Object.entries(SECRETS_TARGETS))('targets the secret when Secrets Manager sends %s', (eventName, [target, arn]) => {
    const parsed = parseCloudTrailEvent(secretsEvent(eventName));
    expect(parsed).toMatchObject({ kind: 'target', eventName, region: 'us-west-2', account: '123456789012', target });
    expect(parsed.kind === 'target' && parsed.principalArn).toBe(arn ?? undefined);
  });

  it.each(ROTATION_EVENT_NAMES)('targets additionalEventData.SecretId when the service event is %s', (eventName) => {
    const parsed = parseCloudTrailEvent(rotationEvent(eventName));
    expect(parsed).toEqual({
      kind: 'target',
      eventId: `${eventName.toLowerCase()}-638c6d2d-e098-4100-a3e0-a4b7b87e5b92`,
      eventName,
      eventTime: '2021-08-13T19:17:16Z',
      account: '123456789012',
      region: 'us-west-2',
      target: { secretId: ROTATED_ARN },
      principalArn: ROTATED_ARN,
    });
  });

  it.each(POLICY_EVENT_NAMES)('leaves a managed policy to the sweep, naming it, when IAM sends %s', (eventName) => {
    expect(parseCloudTrailEvent(policyEvent(eventName))).toMatchObject({
      kind: 'skip',
      reason: 'left-to-sweep',
      eventName,
      detail: expect.stringContaining('arn:aws:iam::946986569305:policy/deploy-boundary') as string,
    });
  });

  it('throws EventParseError naming policyArn when a policy event lacks it', () => {
    const event = policyEvent('SetDefaultPolicyVersion');
    delete event.detail.requestParameters.policyArn;
    expect(() => parseCloudTrailEvent(event)).toThrow('detail.requestParameters.policyArn');
  });

  it('gives every target exactly one non-empty name, as readPrincipal requires', () => {
    const events = [...IAM_EVENT_NAMES.map(iamEvent), ...SECRETS_EVENT_NAMES.map(secretsEvent), ...ROTATION_EVENT_NAMES.map(rotationEvent)];
    for (const event of events) {
      const parsed = parseCloudTrailEvent(event);
      if (parsed.kind !== 'target') throw new Error(`${event.detail.eventName} skipped`);
      const given = Object.values(parsed.target).filter((v) => v !== undefined);
      expect(given).toHaveLength(1);
      expect(given[0]).toMatch(/\S/);
    }
  });
});

describe('parseCloudTrailEvent: access keys without userName', () => {
  it('targets the user named in responseElements.accessKey when a user creates its own key', () => {
    const parsed = parseCloudTrailEvent(fixture('create-access-key-self-service'));
    expect(parsed).toMatchObject({
      kind: 'target',
      target: { userName: 'christophe' },
      principalArn: 'arn:aws:iam::946986569305:user/engineering/christophe',
      eventTime: '2022-09-27T17:09:18Z',
    });
  });

  it.each(['UpdateAccessKey', 'DeleteAccessKey'])('targets the calling IAM user when %s has a null userName', (eventName) => {
    const event = iamEvent(eventName);
    event.detail.requestParameters.userName = null;
    expect(parseCloudTrailEvent(event)).toMatchObject({
      kind: 'target',
      target: { userName: 'christophe' },
      principalArn: 'arn:aws:iam::946986569305:user/christophe',
    });
  });

  it('targets the calling IAM user when CreateAccessKey has neither userName', () => {
    const event = iamEvent('CreateAccessKey');
    delete event.detail.requestParameters.userName;
    delete event.detail.responseElements.accessKey.userName;
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'target', target: { userName: 'christophe' } });
  });

  it('skips with no-target when the root user creates its own key', () => {
    const parsed = parseCloudTrailEvent(fixture('create-access-key-root-self'));
    expect(parsed).toMatchObject({ kind: 'skip', reason: 'no-target', eventId: '1111', eventName: 'CreateAccessKey' });
    expect(parsed.kind === 'skip' && parsed.detail).toContain('Root');
  });

  it('skips with no-target when an assumed role updates a key without userName', () => {
    const event = iamEvent('UpdateAccessKey');
    event.detail.requestParameters = { accessKeyId: 'AKIAXAFZN8JEPF6L682H', status: 'Inactive' };
    event.detail.userIdentity = { type: 'AssumedRole', arn: 'arn:aws:sts::946986569305:assumed-role/admin/s' };
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'no-target' });
  });
});

describe('parseCloudTrailEvent: Secrets Manager spellings', () => {
  it('reads responseElements.aRN when CreateSecret predates February 2024', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/db-AbCdEf';
    expect(parseCloudTrailEvent(fixture('create-secret-legacy-arn'))).toMatchObject({
      kind: 'target',
      target: { secretId: arn },
      principalArn: arn,
      region: 'eu-west-1',
      actor: 'arn:aws:sts::123456789012:assumed-role/ci-deployer/deployer',
    });
  });

  it('falls back to requestParameters.name when CreateSecret has null responseElements', () => {
    const parsed = parseCloudTrailEvent(envelope(fixture('secretsmanager-base-detail')));
    expect(parsed).toMatchObject({ kind: 'target', target: { secretId: 'MyTestSecret' } });
    expect(parsed.kind === 'target' && parsed.principalArn).toBeUndefined();
  });

  it('uses the response ARN when an API call lacks requestParameters.secretId', () => {
    const event = secretsEvent('UpdateSecret');
    delete event.detail.requestParameters.secretId;
    expect(parseCloudTrailEvent(event)).toMatchObject({ target: { secretId: SECRET_ARN } });
  });
});

describe('parseCloudTrailEvent: skips', () => {
  it('skips a failed call with null requestParameters without throwing', () => {
    expect(parseCloudTrailEvent(fixture('failed-call'))).toEqual({
      kind: 'skip',
      eventId: '3346344c-5a3e-429e-8405-420f98f75d6f',
      eventName: 'CreateUser',
      reason: 'failed-call',
      detail: expect.stringContaining('AccessDenied') as string,
    });
  });

  it('skips every supported API call when errorCode is set and the request is null', () => {
    const events = [...IAM_EVENT_NAMES.map(iamEvent), ...POLICY_EVENT_NAMES.map(policyEvent), ...SECRETS_EVENT_NAMES.map(secretsEvent)];
    for (const event of events) {
      Object.assign(event.detail, { errorCode: 'NoSuchEntityException', requestParameters: null, responseElements: null, additionalEventData: null });
      expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'failed-call' });
    }
  });

  it('skips a read-only call when readOnly is true', () => {
    expect(parseCloudTrailEvent(fixture('get-secret-value-read-only'))).toMatchObject({ kind: 'skip', reason: 'read-only', eventName: 'GetSecretValue' });
  });

  it.each(['CreatePolicy', 'ListUsers', 'constructor', '__proto__', 'toString'])('skips as unsupported when the IAM event is %s', (eventName) => {
    const event = iamEvent('CreateUser');
    event.detail.eventName = eventName;
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'unsupported-event', eventName });
  });

  it('skips as unsupported when a CloudTrail event comes from another service', () => {
    const event = envelope({ ...fixture('iam-base-detail'), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' }, { source: 'aws.ec2' });
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'unsupported-event' });
  });

  it('skips as unsupported when an IAM event name arrives from Secrets Manager', () => {
    const event = secretsEvent('TagResource');
    event.detail.eventName = 'CreateUser';
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'unsupported-event' });
  });

  it('skips as not-cloudtrail when the detail-type is a schedule, even with an empty detail', () => {
    const event = envelope({}, { source: 'aws.events', detailType: 'Scheduled Event', time: '2026-11-20T00:00:00Z' });
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'not-cloudtrail' });
  });
});

describe('parseCloudTrailEvent: rotation outcomes', () => {
  const FAILED_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/db-AbCdEf';

  it('keeps the error text of a failed rotation, which has no errorCode', () => {
    const event = fixture('rotation-failed');
    expect(parseCloudTrailEvent(event)).toEqual({
      kind: 'target',
      eventId: 'e3b69cfe-b70e-4c94-baa9-9decc3c150b9',
      eventName: 'RotationFailed',
      eventTime: '2026-11-20T00:50:20Z',
      account: '123456789012',
      region: 'eu-west-1',
      target: { secretId: FAILED_ARN },
      principalArn: FAILED_ARN,
      error: event.detail.errorMessage,
    });
  });

  it('targets the secret, not a failed call, when a rotation service event carries an errorCode', () => {
    const event = fixture('rotation-failed');
    event.detail.errorCode = 'InternalFailure';
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'target', error: `InternalFailure: ${event.detail.errorMessage}` });
  });
});

describe('parseCloudTrailEvent: account and region', () => {
  it('skips as foreign-account when recipientAccountId is not the envelope account', () => {
    const event = iamEvent('AttachUserPolicy');
    event.detail.recipientAccountId = '999999999999';
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'skip', reason: 'foreign-account', detail: expect.stringContaining('999999999999') as string });
  });

  it('takes the region from the secret ARN when the envelope comes from another region', () => {
    const event = fixture('rotation-failed');
    event.region = 'us-east-1';
    event.detail.awsRegion = 'us-east-1';
    expect(parseCloudTrailEvent(event)).toMatchObject({ region: 'eu-west-1' });
  });

  it('takes the region from detail.awsRegion when the secret is named without an ARN', () => {
    const event = secretsEvent('TagResource');
    event.region = 'us-east-1';
    event.detail.awsRegion = 'ap-southeast-2';
    expect(parseCloudTrailEvent(event)).toMatchObject({ target: { secretId: 'MyTestSecret' }, region: 'ap-southeast-2' });
  });
});

describe('parseCloudTrailEvent: tolerance', () => {
  it('falls back to the envelope time when detail.eventTime is absent or not ISO', () => {
    const event = iamEvent('DeleteUser');
    event.time = '2024-07-30T21:53:20Z';
    delete event.detail.eventTime;
    expect(parseCloudTrailEvent(event)).toMatchObject({ eventTime: '2024-07-30T21:53:20Z' });
    event.detail.eventTime = 'Jul 30, 2024 9:53:13 PM';
    expect(parseCloudTrailEvent(event)).toMatchObject({ eventTime: '2024-07-30T21:53:20Z' });
  });

  it('ignores unknown fields and odd dates inside responseElements', () => {
    const event = iamEvent('CreateUser');
    event.detail.responseElements.user.createDate = 'Sep 27, 2022 5:09:18 PM';
    event.detail.responseElements.user.futureField = { nested: [1, 2, 3] };
    event.detail.brandNewField = true;
    event['replay-name'] = 'replay-1';
    event.extra = 42;
    expect(parseCloudTrailEvent(event)).toMatchObject({ kind: 'target', target: { userName: 'alice' } });
  });
});

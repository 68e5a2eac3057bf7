import { describe, expect, it } from 'vitest';
import { parseCloudTrailEvent, type ParsedEvent } from '../../lib/events/cloudtrail-event';
import { accountOfFunctionArn, scopeToAccount } from '../../lib/events/event-scope';
import { fixture, iamEvent, rotationEvent } from './cloudtrail-fixtures';

const OWN = '946986569305';
const FOREIGN = '999999999999';

describe('accountOfFunctionArn', () => {
  it('reads the account when given a function ARN, alias or version included', () => {
    expect(accountOfFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:tally-events')).toBe('123456789012');
    expect(accountOfFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:tally-events:live')).toBe('123456789012');
  });

  it('gives undefined when the ARN is absent or not a Lambda ARN', () => {
    expect(accountOfFunctionArn(undefined)).toBeUndefined();
    expect(accountOfFunctionArn('tally-events')).toBeUndefined();
    expect(accountOfFunctionArn('arn:aws:iam::123456789012:user/alice')).toBeUndefined();
  });
});

describe('scopeToAccount', () => {
  const scoped = (event: unknown, account = OWN): ParsedEvent => scopeToAccount(parseCloudTrailEvent(event), account);

  it('keeps an event when its account and target are the function’s own', () => {
    expect(scoped(iamEvent('CreateUser'))).toMatchObject({ kind: 'target', target: { userName: 'alice' } });
  });

  it('skips as foreign-account when the event comes from another account', () => {
    const event = iamEvent('AttachUserPolicy');
    event.account = FOREIGN;
    event.detail.recipientAccountId = FOREIGN;
    expect(scoped(event)).toMatchObject({ kind: 'skip', reason: 'foreign-account', eventId: event.detail.eventID, eventName: 'AttachUserPolicy' });
  });

  it('skips as foreign-account when the created user’s ARN is in another account', () => {
    const event = iamEvent('CreateUser');
    event.detail.responseElements.user.arn = `arn:aws:iam::${FOREIGN}:user/engineering/alice`;
    expect(scoped(event)).toMatchObject({ kind: 'skip', reason: 'foreign-account', detail: expect.stringContaining(FOREIGN) as string });
  });

  it('skips as foreign-account when a rotation names another account’s secret', () => {
    const event = rotationEvent('RotationSucceeded');
    event.detail.additionalEventData.SecretId = `arn:aws:secretsmanager:us-west-2:${FOREIGN}:secret:shared-AbCdEf`;
    expect(scoped(event, '123456789012')).toMatchObject({ kind: 'skip', reason: 'foreign-account' });
  });

  it('passes skips through unchanged', () => {
    const skipped = parseCloudTrailEvent(fixture('failed-call'));
    expect(scopeToAccount(skipped, FOREIGN)).toBe(skipped);
  });
});

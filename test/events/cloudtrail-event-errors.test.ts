import { describe, expect, it } from 'vitest';
import { parseAll, parseCloudTrailEvent } from '../../lib/events/cloudtrail-event';
import { EventParseError } from '../../lib/events/event-parse-error';
import { fixture, iamEvent, rotationEvent, type Json } from './cloudtrail-fixtures';

/** Runs the parser and returns the EventParseError it throws (fails the test otherwise). */
function parseError(raw: unknown): EventParseError {
  try {
    parseCloudTrailEvent(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    return error as EventParseError;
  }
  throw new Error('expected an EventParseError');
}

describe('parseCloudTrailEvent: malformed events', () => {
  it.each([
    ['a null event', null],
    ['a string', 'not an event'],
    ['a number', 42],
    ['an array', []],
  ])('throws EventParseError naming the event when it is %s', (_, raw) => {
    expect(parseError(raw).field).toBe('event');
  });

  it('throws EventParseError naming the envelope field when account is missing', () => {
    const event = iamEvent('DeleteUser');
    delete event.account;
    expect(parseError(event)).toMatchObject({ name: 'EventParseError', field: 'account' });
  });

  it('throws EventParseError naming detail when the detail is missing', () => {
    const event = iamEvent('DeleteUser');
    delete event.detail;
    expect(parseError(event).field).toBe('detail');
  });

  it('throws EventParseError naming detail.eventID when it is not a string', () => {
    const event = iamEvent('DeleteUser');
    event.detail.eventID = 12345;
    const error = parseError(event);
    expect(error.field).toBe('detail.eventID');
    expect(error.message).toMatch(/^detail\.eventID: /);
    expect(error.cause).toBeDefined();
  });

  it('names the field and keeps the event id when requestParameters.userName is a number', () => {
    const event = iamEvent('AttachUserPolicy');
    event.detail.requestParameters.userName = 7;
    const error = parseError(event);
    expect(error.message).toBe('detail.requestParameters.userName: expected string');
    expect(error.eventId).toBe(event.detail.eventID);
  });

  it('throws EventParseError when a successful user event has null requestParameters', () => {
    const event = iamEvent('DeleteUser');
    event.detail.requestParameters = null;
    expect(parseError(event).field).toBe('detail.requestParameters.userName');
  });

  it('throws EventParseError when requestParameters is not an object', () => {
    const event = iamEvent('DeleteRole');
    event.detail.requestParameters = 'roleName=x';
    expect(parseError(event).field).toBe('detail.requestParameters');
  });

  it('throws EventParseError when a rotation event has no SecretId', () => {
    const event = rotationEvent('RotationFailed');
    event.detail.additionalEventData = {};
    expect(parseError(event).field).toBe('detail.additionalEventData.SecretId');
  });

  it('throws EventParseError when a group event names a blank group', () => {
    const event = iamEvent('PutGroupPolicy');
    event.detail.requestParameters.groupName = '  ';
    expect(parseError(event).message).toBe('detail.requestParameters.groupName: expected non-empty string');
  });
});

describe('parseAll', () => {
  it('reports a bad record by index and parses the rest of the batch', () => {
    const bad: Json = iamEvent('DeleteUser');
    bad.detail.eventID = null;
    const result = parseAll([iamEvent('CreateUser'), bad, 'garbage', fixture('failed-call'), rotationEvent('RotationSucceeded')]);
    expect(result.parsed.map((p) => p.kind)).toEqual(['target', 'skip', 'target']);
    expect(result.errors.map((e) => [e.index, e.error.field])).toEqual([
      [1, 'detail.eventID'],
      [2, 'event'],
    ]);
    expect(result.errors[0]?.error).toBeInstanceOf(EventParseError);
  });

  it('returns empty lists when the batch is empty', () => {
    expect(parseAll([])).toEqual({ parsed: [], errors: [] });
  });
});

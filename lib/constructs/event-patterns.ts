import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * CloudTrail API calls on IAM that change what a principal may do, or its exemption and
 * break-glass tags; each triggers a targeted reconcile. Managed-policy tags and versions are
 * subscribed too: the handler logs them and leaves the principals they reach to the sweep.
 */
export const IAM_EVENT_NAMES = [
  'CreateUser',
  'DeleteUser',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
  'PutUserPolicy',
  'DeleteUserPolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'PutGroupPolicy',
  'DeleteGroupPolicy',
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'CreateRole',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'CreateLoginProfile',
  'TagUser',
  'UntagUser',
  'TagRole',
  'UntagRole',
  'TagPolicy',
  'UntagPolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
] as const;

/**
 * Secrets Manager API calls and rotation outcomes. The rotation outcomes arrive as
 * "AWS Service Event via CloudTrail" with the secret in `additionalEventData.SecretId`.
 */
export const SECRETS_EVENT_NAMES = [
  'CreateSecret',
  'DeleteSecret',
  'PutResourcePolicy',
  'RotateSecret',
  'UpdateSecret',
  'TagResource',
  'UntagResource',
  'RotationSucceeded',
  'RotationFailed',
  'RotationStarted',
  'RotationAbandoned',
] as const;

export const API_CALL = 'AWS API Call via CloudTrail';
export const SERVICE_EVENT = 'AWS Service Event via CloudTrail';

/**
 * IAM calls. IAM is global: CloudTrail delivers its events to EventBridge in us-east-1 only, and
 * only while a trail is logging management events.
 */
export const IAM_EVENT_PATTERN: EventPattern = {
  source: ['aws.iam'],
  detailType: [API_CALL],
  detail: { eventSource: ['iam.amazonaws.com'], eventName: [...IAM_EVENT_NAMES] },
};

/** Secrets Manager calls and rotation outcomes, delivered in the secret's own region. */
export const SECRETS_EVENT_PATTERN: EventPattern = {
  source: ['aws.secretsmanager'],
  detailType: [API_CALL, SERVICE_EVENT],
  detail: { eventName: [...SECRETS_EVENT_NAMES] },
};

/** The IAM rule only makes sense in us-east-1: decide for `scope`'s stack, and say so when it is left out or forced. */
export function wantsIamEvents(scope: Construct, forced: boolean | undefined): boolean {
  const region = Stack.of(scope).region;
  const known = !Token.isUnresolved(region);
  const east = known && region === 'us-east-1';
  if (forced === true && !east) {
    Annotations.of(scope).addWarningV2('tally:iamEventsOutsideUsEast1', `IAM CloudTrail events reach EventBridge in us-east-1 only; the IAM rule in ${known ? region : 'an unknown region'} will not fire there.`);
  }
  if (forced === undefined && !east) {
    Annotations.of(scope).addWarningV2(
      'tally:iamEventsSkipped',
      `IAM rule not created: IAM CloudTrail events reach EventBridge in us-east-1 only and this stack's region is ${known ? region : 'unknown at synth'}. Deploy a stack in us-east-1 (or set iamEvents: true) for real-time IAM changes; the scheduled sweep covers IAM either way.`,
    );
  }
  return forced ?? east;
}

import type { EventPattern } from 'aws-cdk-lib/aws-events';

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

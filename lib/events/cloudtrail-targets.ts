import type { UserPart, UserReadScope } from '../inventory/read-scope';
import type { PrincipalRef } from '../inventory/targeted-read';
import type { EventFields, Rec } from './event-fields';

/** The parts of a CloudTrail record the target rules read (each an object or absent). */
export interface DetailParts {
  eventName: string;
  userIdentity?: Rec;
  requestParameters?: Rec;
  responseElements?: Rec;
  additionalEventData?: Rec;
}

/**
 * What a rule found: the one principal or secret to re-read, why there is none, or why the change
 * is left to the scheduled sweep (a managed policy: every principal it is attached to).
 */
export type TargetOutcome =
  | { target: PrincipalRef; principalArn?: string; scope?: UserReadScope }
  | { noTarget: string }
  | { leftToSweep: string };

type Rule = (d: DetailParts, f: EventFields) => TargetOutcome;

const REQ = 'detail.requestParameters';
const RESP = 'detail.responseElements';
const IAM_USER_ARN = /^arn:[\w-]+:iam::\d{12}:user\//;

/** `responseElements.<key>.arn` (CreateUser's `user`, CreateRole's `role`): the ARN with its path. */
function createdArn(d: DetailParts, f: EventFields, key: string): string | undefined {
  return f.str(f.obj(d.responseElements, key, RESP), 'arn', `${RESP}.${key}`);
}

function withArn(target: PrincipalRef, principalArn: string | undefined): TargetOutcome {
  return principalArn === undefined ? { target } : { target, principalArn };
}

/** User events: `requestParameters.userName`; `created` names the response object holding the ARN. */
function userRule(created?: string): Rule {
  return (d, f) => {
    const userName = f.requiredStr(d.requestParameters, 'userName', REQ);
    return withArn({ userName }, created === undefined ? undefined : createdArn(d, f, created));
  };
}

function roleRule(created?: string): Rule {
  return (d, f) => {
    const roleName = f.requiredStr(d.requestParameters, 'roleName', REQ);
    return withArn({ roleName }, created === undefined ? undefined : createdArn(d, f, created));
  };
}

/**
 * Managed-policy tags and versions (TagPolicy, UntagPolicy, CreatePolicyVersion,
 * SetDefaultPolicyVersion). A new default version changes what every principal the policy is
 * attached to may do; finding them costs ListEntitiesForPolicy plus a read per principal, which
 * the event path does not do: it names the policy and leaves the principals to the next sweep.
 */
const policyRule: Rule = (d, f) => {
  const policyArn = f.requiredStr(d.requestParameters, 'policyArn', REQ);
  return { leftToSweep: `${d.eventName} on ${policyArn}: the principals it is attached to are re-checked by the next scheduled sweep` };
};

const groupRule: Rule = (d, f) => ({ target: { groupName: f.requiredStr(d.requestParameters, 'groupName', REQ) } });

/**
 * Access key events. A principal managing its own keys sends no `userName`: CreateAccessKey then
 * names the user in `responseElements.accessKey.userName`; otherwise the caller is the user, when
 * it is an IAM user (the root user's own keys, for one, belong to no IAM user).
 */
const accessKeyRule: Rule = (d, f) => {
  const named = f.str(d.requestParameters, 'userName', REQ);
  if (named !== undefined) return withArn({ userName: named }, callerArn(d, f, named));
  if (d.eventName === 'CreateAccessKey') {
    const key = f.obj(d.responseElements, 'accessKey', RESP);
    const fromResponse = f.str(key, 'userName', `${RESP}.accessKey`);
    if (fromResponse !== undefined) return withArn({ userName: fromResponse }, callerArn(d, f, fromResponse));
  }
  const type = f.str(d.userIdentity, 'type', 'detail.userIdentity');
  if (type !== 'IAMUser') {
    return { noTarget: `${d.eventName} without userName by a ${type ?? 'caller of unknown type'}: no IAM user to read` };
  }
  const userName = f.requiredStr(d.userIdentity, 'userName', 'detail.userIdentity');
  return withArn({ userName }, callerArn(d, f, userName));
};

/** The caller's user ARN (path included) when the caller is the IAM user `userName`. */
function callerArn(d: DetailParts, f: EventFields, userName: string): string | undefined {
  if (f.str(d.userIdentity, 'type', 'detail.userIdentity') !== 'IAMUser') return undefined;
  if (f.str(d.userIdentity, 'userName', 'detail.userIdentity') !== userName) return undefined;
  const arn = f.str(d.userIdentity, 'arn', 'detail.userIdentity');
  return arn !== undefined && IAM_USER_ARN.test(arn) && arn.endsWith(`/${userName}`) ? arn : undefined;
}

/** The secret's ARN in a response: `arn`, spelled `aRN` in events before February 2024. */
function responseSecretArn(d: DetailParts, f: EventFields): string | undefined {
  return f.str(d.responseElements, 'arn', RESP) ?? f.str(d.responseElements, 'aRN', RESP);
}

function secretOutcome(secretId: string, responseArn: string | undefined): TargetOutcome {
  const arn = responseArn ?? (secretId.startsWith('arn:') ? secretId : undefined);
  return withArn({ secretId }, arn);
}

/** Secrets Manager API calls taking a `SecretId` (name or ARN). */
const secretRule: Rule = (d, f) => {
  const responseArn = responseSecretArn(d, f);
  const secretId = f.str(d.requestParameters, 'secretId', REQ) ?? responseArn;
  if (secretId === undefined) throw f.error(`${REQ}.secretId`, 'expected string');
  return secretOutcome(secretId, responseArn);
};

/** CreateSecret: the new ARN when the response carries one (it may be null), else the name. */
const createSecretRule: Rule = (d, f) => {
  const responseArn = responseSecretArn(d, f);
  const secretId = responseArn ?? f.requiredStr(d.requestParameters, 'name', REQ);
  return secretOutcome(secretId, responseArn);
};

/** Rotation outcomes ("AWS Service Event via CloudTrail"): the secret in `additionalEventData.SecretId`. */
const rotationRule: Rule = (d, f) =>
  secretOutcome(f.requiredStr(d.additionalEventData, 'SecretId', 'detail.additionalEventData'), undefined);

/**
 * A user event reads only the part of the user it can have changed (plus GetUser, for the ARN and
 * tags); the other parts count as not read. Events that may touch all of it (CreateUser, TagUser:
 * tags exempt every finding) read all of it.
 */
function scoped(rule: Rule, scope: (d: DetailParts, f: EventFields) => UserReadScope): Rule {
  return (d, f) => {
    const outcome = rule(d, f);
    return 'target' in outcome ? { ...outcome, scope: scope(d, f) } : outcome;
  };
}

const only = (part: UserPart) => (): UserReadScope => ({ parts: [part] });

/** PutUserPolicy / DeleteUserPolicy: the one inline policy they name (all of them if the name is missing). */
const inlineScope =
  (put: boolean) =>
  (d: DetailParts, f: EventFields): UserReadScope => {
    const name = f.str(d.requestParameters, 'policyName', REQ);
    return name === undefined ? { parts: ['inline-policy'] } : { parts: ['inline-policy'], inlinePolicy: { name, put } };
  };

const IAM_RULES: ReadonlyArray<[string, Rule]> = [
  ['CreateUser', userRule('user')],
  ['DeleteUser', userRule()],
  ['PutUserPolicy', scoped(userRule(), inlineScope(true))],
  ['DeleteUserPolicy', scoped(userRule(), inlineScope(false))],
  ...['AttachUserPolicy', 'DetachUserPolicy'].map((n): [string, Rule] => [n, scoped(userRule(), only('managed-policy'))]),
  // Group membership is the user's entitlement: re-read the user, not the group.
  ...['AddUserToGroup', 'RemoveUserFromGroup'].map((n): [string, Rule] => [n, scoped(userRule(), only('group-membership'))]),
  ['CreateLoginProfile', userRule()],
  // Exemption and break-glass tags live on users and roles.
  ...['TagUser', 'UntagUser'].map((n): [string, Rule] => [n, userRule()]),
  ...['TagRole', 'UntagRole'].map((n): [string, Rule] => [n, roleRule()]),
  ...['TagPolicy', 'UntagPolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion'].map((n): [string, Rule] => [n, policyRule]),
  ...['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'].map((n): [string, Rule] => [n, scoped(accessKeyRule, only('access-key'))]),
  ['CreateRole', roleRule('role')],
  ...['DeleteRole', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy'].map(
    (n): [string, Rule] => [n, roleRule()],
  ),
  ...['AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy'].map((n): [string, Rule] => [n, groupRule]),
];

const SECRETS_RULES: ReadonlyArray<[string, Rule]> = [
  ['CreateSecret', createSecretRule],
  ...['DeleteSecret', 'PutResourcePolicy', 'RotateSecret', 'UpdateSecret', 'TagResource', 'UntagResource'].map((n): [string, Rule] => [n, secretRule]),
  ...['RotationStarted', 'RotationSucceeded', 'RotationFailed', 'RotationAbandoned'].map((n): [string, Rule] => [n, rotationRule]),
];

/** Target rules by `detail.eventSource`, then `detail.eventName` (Maps: no prototype keys). */
export const TARGET_RULES: ReadonlyMap<string, ReadonlyMap<string, Rule>> = new Map([
  ['iam.amazonaws.com', new Map(IAM_RULES)],
  ['secretsmanager.amazonaws.com', new Map(SECRETS_RULES)],
]);

/** The event names Tally re-reads a target for, by event source. */
export const SUPPORTED_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...TARGET_RULES].map(([source, rules]) => [source, [...rules.keys()]]),
);

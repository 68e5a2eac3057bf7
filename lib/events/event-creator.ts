import type { Rec } from './event-fields';

/** Events that create a principal (`create`) or grant one an entitlement (`grant`): their caller is remembered as its creator. */
export const CREATOR_EVENTS: ReadonlyMap<string, 'create' | 'grant'> = new Map([
  ...['CreateUser', 'CreateRole', 'CreateSecret'].map((n) => [n, 'create'] as const),
  ...[
    'AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy',
    'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy',
    'AddUserToGroup', 'CreateAccessKey', 'CreateLoginProfile', 'UpdateAssumeRolePolicy', 'PutResourcePolicy',
  ].map((n) => [n, 'grant'] as const),
]);

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Who made the call, as a draft approval's suggested owner: an IAM user's (or the root user's) ARN;
 * for an assumed role, the session name (usually the human, e.g. an IAM Identity Center user) and the
 * role that issued the session, `<session name> via <role ARN>`. Undefined for a caller with no ARN
 * (an AWS service).
 */
export function callerOf(userIdentity: Rec | undefined): string | undefined {
  const arn = str(userIdentity?.arn);
  if (arn === undefined) return undefined;
  if (userIdentity?.type !== 'AssumedRole') return arn;
  const context = userIdentity.sessionContext as Rec | undefined;
  const issuer = str((context?.sessionIssuer as Rec | undefined)?.arn);
  const principalId = str(userIdentity.principalId);
  const session = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : arn.slice(arn.lastIndexOf('/') + 1);
  return issuer && session ? `${session} via ${issuer}` : arn;
}

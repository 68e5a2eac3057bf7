import { z } from 'zod';
import { ConfigError } from './env';
import { readLambdaConfig, type LambdaConfig } from './lambda-config';

/**
 * Environment of the member-sweep function beyond `LAMBDA_ENV`, set by the OrganizationSweep
 * construct: which role to assume in each member account and the external id its trust requires.
 */
export const MEMBER_ENV = {
  memberRoleName: 'TALLY_MEMBER_ROLE_NAME',
  externalId: 'TALLY_MEMBER_EXTERNAL_ID',
} as const;

/** IAM role names: 1–64 of `[\w+=,.@-]` (the member role has no path). */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** STS `ExternalId`: 2–1224 of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export interface MemberConfig extends LambdaConfig {
  memberRoleName: string;
  externalId: string;
}

const schema = z.object({
  [MEMBER_ENV.memberRoleName]: z.string().regex(ROLE_NAME, 'must be an IAM role name (no path)'),
  [MEMBER_ENV.externalId]: z.string().regex(EXTERNAL_ID, 'must be 2–1224 characters of [A-Za-z0-9+=,.@:/_-]'),
});

/** Reads the member-sweep environment: everything the sweep reads, plus the member role. */
export function readMemberConfig(env: Record<string, string | undefined> = process.env): MemberConfig {
  const base = readLambdaConfig(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, env[variable] === undefined ? 'required' : issue.message);
  }
  return { ...base, memberRoleName: parsed.data[MEMBER_ENV.memberRoleName], externalId: parsed.data[MEMBER_ENV.externalId] };
}

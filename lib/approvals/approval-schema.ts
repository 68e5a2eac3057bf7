import { z } from 'zod';
import { APPROVAL_STATUSES, type Approval } from '../core/approval';
import { awsDate, optionalAwsDate, showValue } from '../aws-shapes/aws-date';

/** IAM friendly names (users, groups, roles, policies): IAM's own character set. */
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_PRINCIPAL_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:(user|role|group)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const MANAGED_POLICY_ARN = /^arn:aws(?:-[a-z]+)*:iam::(?:aws|\d{12}):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const SECRET_ARN = /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
/** Secrets Manager name characters, plus `!` used by service-managed secrets (`rds!cluster-…`). */
const SECRET_NAME = /^[\w/+=.@!-]{1,512}$/;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

// Approvals come from people and tickets: a bare date (`2027-03-01`, midnight UTC) is fine here.
const date = awsDate({ dateOnly: true });
const optionalDate = optionalAwsDate({ dateOnly: true });
const required = z.string().trim().min(1, 'required');

const entitlementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('identity') }),
  z.object({
    kind: z.literal('managed-policy'),
    policyArn: required.regex(MANAGED_POLICY_ARN, 'not a managed policy ARN'),
  }),
  z.object({
    kind: z.literal('inline-policy'),
    policyName: required.regex(IAM_NAME, 'not an IAM policy name'),
    documentSha256: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'not a sha256 hex digest')
      .transform((h) => h.toLowerCase())
      .optional(),
  }),
  z.object({ kind: z.literal('group-membership'), group: required.regex(IAM_NAME, 'not an IAM group name') }),
  z.object({ kind: z.literal('access-key'), maxKeys: z.number().int().min(1).max(2).default(1) }),
  z.object({ kind: z.literal('role-trust'), principals: z.array(required).min(1, 'at least one principal') }),
  z.object({ kind: z.literal('secret'), rotationDays: z.number().int().positive().optional() }),
]);

type Kind = z.output<typeof entitlementSchema>['kind'];

/** Which principal an approval of each kind may name (`secret` is checked apart: ARN or name). */
const PRINCIPAL_TYPES: Record<Exclude<Kind, 'secret'>, readonly string[]> = {
  identity: ['user', 'role'],
  'managed-policy': ['user', 'role', 'group'],
  'inline-policy': ['user', 'role', 'group'],
  'group-membership': ['user'],
  'access-key': ['user'],
  'role-trust': ['role'],
};

/** Why `principal` cannot carry an entitlement of `kind`, or undefined when it can. */
function principalProblem(kind: Kind, principal: string): string | undefined {
  if (kind === 'secret') {
    return SECRET_ARN.test(principal) || (!principal.startsWith('arn:') && SECRET_NAME.test(principal))
      ? undefined
      : `not a secret ARN or name (${showValue(principal)})`;
  }
  const allowed = PRINCIPAL_TYPES[kind];
  const type = IAM_PRINCIPAL_ARN.exec(principal)?.[1];
  if (type === undefined) return `not an IAM ${allowed.join('/')} ARN (${showValue(principal)})`;
  return allowed.includes(type) ? undefined : `a ${type} cannot hold a ${kind} entitlement (expected an IAM ${allowed.join('/')} ARN)`;
}

/**
 * An approval record as imported (JSON form of docs/findings.md), producing the `Approval` type:
 * unknown fields are stripped; dates (ISO 8601, a bare date, or epoch seconds) are normalised to
 * `toISOString()`; `risk` defaults to `standard`, `status` to `approved`, an access-key `maxKeys`
 * to 1. The principal must suit the kind: an IAM user/role/group ARN, a role for `role-trust`, a
 * user for `access-key` and `group-membership`, a secret ARN or name for `secret`.
 */
export const approvalSchema = z
  .object({
    ticketId: required,
    principal: required,
    entitlement: entitlementSchema,
    approvedBy: required,
    owner: required.optional(),
    ticketUrl: z.string().trim().refine(isHttpUrl, 'not an http(s) URL').optional(),
    approvedAt: date,
    expiresAt: optionalDate,
    risk: z.enum(['standard', 'privileged']).default('standard'),
    status: z.enum(APPROVAL_STATUSES).default('approved'),
    provisionedAt: optionalDate,
    verifiedAt: optionalDate,
    recertifiedAt: optionalDate,
    provisioningGraceHours: z.number().nonnegative().optional(),
    exempt: z.boolean().optional(),
    exemptReason: z.string().optional(),
    draftOf: required.optional(),
  })
  .superRefine((a, ctx) => {
    const problem = principalProblem(a.entitlement.kind, a.principal);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['principal'], message: problem, input: a.principal });
    if (a.expiresAt !== undefined && a.expiresAt <= a.approvedAt) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: `not after approvedAt (${a.expiresAt})`, input: a.expiresAt });
    }
  })
  .transform((a): Approval => withoutUndefined(a));

/** Drops absent optionals so records compare and serialise cleanly; keeps the type checked. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/** Input accepted by {@link approvalSchema} (before defaults and normalisation). */
export type ApprovalInput = z.input<typeof approvalSchema>;

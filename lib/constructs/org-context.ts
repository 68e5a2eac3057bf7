import { z } from 'zod';
import { EXTERNAL_ID, ROLE_NAME } from '../config/member-config';
import { bool, ContextError, count, list } from './app-context';
import type { TallyMemberRoleStackProps } from './member-read-role';
import type { OrganizationSettings } from './org-stack';
import type { TallyStackProps } from './tally-stack';

/**
 * External id used when none is given. The member role's trust also requires the caller to be
 * the central member-sweep role (`aws:PrincipalArn`), so a well-known default is no confused-deputy
 * hole; set your own with `-c externalId=…` all the same.
 */
export const DEFAULT_EXTERNAL_ID = 'tally-organization-sweep';

/** The context keys of the organization deployment (docs/organizations.md lists them). */
export const organizationContextSchema = z.object({
  organization: bool.default(false),
  externalId: z.string().regex(EXTERNAL_ID, 'must be 2–1224 characters of [A-Za-z0-9+=,.@:/_-]').default(DEFAULT_EXTERNAL_ID),
  memberRoleName: z.string().regex(ROLE_NAME, 'must be an IAM role name (no path)').optional(),
  excludeAccounts: list.pipe(z.array(z.string().regex(/^\d{12}$/, 'must be 12-digit account ids'))).optional(),
  includeOwnAccount: bool.optional(),
  maxConcurrency: count.pipe(z.number().int().min(1).max(10_000)).optional(),
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id (o-…)').optional(),
});

/** What bin/app.ts adds when `organization` is on: the sweep's settings and the member role template's. */
export interface OrganizationDeployment {
  organization: OrganizationSettings;
  memberRole: TallyMemberRoleStackProps;
}

/**
 * Reads the organization keys from the app's context; undefined unless `organization` is true.
 * The member role template follows the central settings: enforce mode adds `iam:UpdateAccessKey`,
 * Security Hub off drops the import permission, and the role carries the same exemption tag.
 */
export function organizationFromContext(get: (key: string) => unknown, central: TallyStackProps): OrganizationDeployment | undefined {
  const raw = Object.fromEntries(Object.keys(organizationContextSchema.shape).map((k) => [k, get(k)]).filter(([, v]) => v !== undefined));
  const parsed = organizationContextSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContextError(String(issue.path[0] ?? '(context)'), issue.message);
  }
  const c = parsed.data;
  if (!c.organization) return undefined;
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const reconciler = central.reconciler ?? {};
  const exemptTag = reconciler.exemptTag ?? (reconciler.policy?.exemptTag as string | undefined);
  return {
    organization: {
      externalId: c.externalId,
      ...optional('memberRoleName', c.memberRoleName),
      ...optional('excludeAccounts', c.excludeAccounts),
      ...optional('includeOwnAccount', c.includeOwnAccount),
      ...optional('maxConcurrency', c.maxConcurrency),
      ...optional('organizationId', c.organizationId),
    },
    memberRole: {
      ...optional('roleName', c.memberRoleName),
      enforce: reconciler.mode === 'enforce',
      revocation: reconciler.revocation === 'enforce',
      ...optional('securityHub', reconciler.securityHub),
      ...optional('exemptTag', exemptTag),
    },
  };
}

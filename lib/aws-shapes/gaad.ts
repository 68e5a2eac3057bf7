import { z } from 'zod';
import type { IamGroup, IamRole, IamUser, ManagedPolicy } from '../core/inventory';
import { awsDate, optionalAwsDate } from './aws-date';
import { attachedPolicySchema, inlinePolicySchema, listOf, policyDocumentSchema, tagListSchema } from './policy-document';
import { parseWith } from './zod-issues';

const userSchema = z
  .object({
    UserName: z.string().min(1),
    UserId: z.string().min(1),
    Arn: z.string().min(1),
    Path: z.string().default('/'),
    CreateDate: awsDate(),
    UserPolicyList: listOf(inlinePolicySchema),
    GroupList: z.array(z.string()).default([]),
    AttachedManagedPolicies: listOf(attachedPolicySchema),
    Tags: tagListSchema,
  })
  .transform(
    (u): IamUser => ({
      arn: u.Arn,
      name: u.UserName,
      path: u.Path,
      userId: u.UserId,
      createdAt: u.CreateDate,
      groups: u.GroupList,
      attachedPolicies: u.AttachedManagedPolicies,
      inlinePolicies: u.UserPolicyList,
      tags: u.Tags,
      accessKeys: [],
    }),
  );

const groupSchema = z
  .object({
    GroupName: z.string().min(1),
    GroupId: z.string().optional(),
    Arn: z.string().min(1),
    Path: z.string().default('/'),
    GroupPolicyList: listOf(inlinePolicySchema),
    AttachedManagedPolicies: listOf(attachedPolicySchema),
  })
  .transform(
    (g): IamGroup => ({
      arn: g.Arn,
      name: g.GroupName,
      path: g.Path,
      attachedPolicies: g.AttachedManagedPolicies,
      inlinePolicies: g.GroupPolicyList,
    }),
  );

const roleSchema = z
  .object({
    RoleName: z.string().min(1),
    RoleId: z.string().min(1),
    Arn: z.string().min(1),
    Path: z.string().default('/'),
    CreateDate: awsDate(),
    AssumeRolePolicyDocument: policyDocumentSchema,
    RolePolicyList: listOf(inlinePolicySchema),
    AttachedManagedPolicies: listOf(attachedPolicySchema),
    Tags: tagListSchema,
    RoleLastUsed: z.object({ LastUsedDate: optionalAwsDate(), Region: z.string().optional() }).optional(),
  })
  .transform((r): IamRole => {
    const role: IamRole = {
      arn: r.Arn,
      name: r.RoleName,
      path: r.Path,
      roleId: r.RoleId,
      createdAt: r.CreateDate,
      trustPolicy: r.AssumeRolePolicyDocument,
      attachedPolicies: r.AttachedManagedPolicies,
      inlinePolicies: r.RolePolicyList,
      tags: r.Tags,
    };
    if (r.RoleLastUsed?.LastUsedDate !== undefined) role.lastUsedAt = r.RoleLastUsed.LastUsedDate;
    return role;
  });

const policySchema = z
  .object({
    PolicyName: z.string().min(1),
    Arn: z.string().min(1),
    DefaultVersionId: z.string().optional(),
    PolicyVersionList: z
      .array(
        z.object({
          Document: policyDocumentSchema.optional(),
          VersionId: z.string().optional(),
          IsDefaultVersion: z.boolean().optional(),
        }),
      )
      .default([]),
  })
  .transform((p): ManagedPolicy => {
    const policy: ManagedPolicy = { arn: p.Arn, name: p.PolicyName };
    const version =
      p.PolicyVersionList.find((v) => v.IsDefaultVersion === true) ??
      p.PolicyVersionList.find((v) => v.VersionId !== undefined && v.VersionId === p.DefaultVersionId);
    if (version?.Document !== undefined) policy.document = version.Document;
    return policy;
  });

const pageSchema = z.object({
  UserDetailList: z.array(userSchema).default([]),
  GroupDetailList: z.array(groupSchema).default([]),
  RoleDetailList: z.array(roleSchema).default([]),
  Policies: z.array(policySchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
  // Written by the AWS CLI instead of Marker when `--max-items` cut the output short.
  NextToken: z.string().optional(),
});

/** One `get-account-authorization-details` page (or a whole CLI export), in domain types. */
export interface GaadPage {
  file: string;
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
  /** False when the page says more follows: `IsTruncated: true`, a `Marker` (with or without the flag), or a CLI `NextToken`. */
  last: boolean;
}

/** Parses one GAAD export; throws SnapshotError naming the record and field on a bad entry. */
export function parseGaadPage(data: unknown, file: string): GaadPage {
  const page = parseWith(pageSchema, data, file);
  return {
    file,
    users: page.UserDetailList,
    groups: page.GroupDetailList,
    roles: page.RoleDetailList,
    policies: page.Policies,
    last: page.IsTruncated !== true && !page.Marker && page.NextToken === undefined,
  };
}

/** Sorting by ARN keeps the inventory the same whatever the page files are called. */
export const byArnOrder = (a: { arn: string }, b: { arn: string }): number => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);

/** The merged IAM part of a snapshot. */
export interface MergedGaad {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
  /**
   * True when some page is the last one. A missing middle page cannot be seen: a response names
   * the Marker for the next page, never the one it was asked with, so raw pages carry no order.
   */
  complete: boolean;
  warnings: string[];
}

/**
 * Merges GAAD pages, deduplicating every entity by ARN and sorting by it. The first page given wins;
 * a duplicate with different content is reported, since it means exports from different moments.
 */
export function mergeGaadPages(pages: readonly GaadPage[]): MergedGaad {
  const warnings: string[] = [];
  const merge = <T extends { arn: string }>(pick: (p: GaadPage) => T[]): T[] => {
    const byArn = new Map<string, { item: T; file: string }>();
    for (const page of pages) {
      for (const item of pick(page)) {
        const seen = byArn.get(item.arn);
        if (!seen) byArn.set(item.arn, { item, file: page.file });
        else if (JSON.stringify(seen.item) !== JSON.stringify(item)) {
          warnings.push(`${item.arn} differs between ${seen.file} and ${page.file}: kept ${seen.file}`);
        }
      }
    }
    return [...byArn.values()].map((v) => v.item).sort(byArnOrder);
  };
  const merged = {
    users: merge((p) => p.users),
    groups: merge((p) => p.groups),
    roles: merge((p) => p.roles),
    policies: merge((p) => p.policies),
  };
  const complete = pages.some((p) => p.last);
  if (!complete && pages.length > 0) {
    warnings.push(
      `get-account-authorization-details export is incomplete (every page says more follows: IsTruncated, Marker or NextToken); IAM coverage is off`,
    );
  }
  return { ...merged, complete, warnings };
}

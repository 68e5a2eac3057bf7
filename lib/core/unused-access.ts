/**
 * IAM Access Analyzer unused-access findings, as Tally reads them (ListFindingsV2, GetFindingV2 for
 * UnusedPermission details). Tally takes them as they are: it never recomputes what the analyzer found.
 */

export const UNUSED_ACCESS_TYPES = ['UnusedIAMRole', 'UnusedIAMUserAccessKey', 'UnusedIAMUserPassword', 'UnusedPermission'] as const;
export type UnusedAccessType = (typeof UNUSED_ACCESS_TYPES)[number];

/** One service a principal holds permissions for and has not used (UnusedPermission details). */
export interface UnusedService {
  /** `s3`, `ec2`, ... as in `serviceNamespace`. */
  namespace: string;
  lastAccessed?: string;
}

/** One active unused-access finding of the account's analyzer. */
export interface UnusedAccessFinding {
  id: string;
  type: UnusedAccessType;
  /** ARN of the IAM role or user (`resource`). */
  principal: string;
  /** When the principal, key or password was last used, as the analyzer reports it. */
  lastAccessed?: string;
  /** UnusedIAMUserAccessKey: the key. */
  accessKeyId?: string;
  /** UnusedPermission: the services found unused (absent when the details were not read). */
  services?: UnusedService[];
  updatedAt?: string;
}

export function isUnusedAccessType(value: unknown): value is UnusedAccessType {
  return (UNUSED_ACCESS_TYPES as readonly unknown[]).includes(value);
}

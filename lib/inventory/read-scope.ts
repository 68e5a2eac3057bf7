import type { EntitlementKind } from '../core/approval';

/** The parts of a user a targeted read may leave out (GetUser, its identity and tags, is always read). */
export type UserPart = Extract<EntitlementKind, 'managed-policy' | 'inline-policy' | 'group-membership' | 'access-key'>;

/**
 * What of a user to read when not all of it: the event path reads only what its event can have
 * changed. Every part left out is reported unread, so its approvals stay UNVERIFIED.
 */
export interface UserReadScope {
  parts: readonly UserPart[];
  /**
   * Read this one inline policy (GetUserPolicy) instead of listing them: the one a PutUserPolicy or
   * DeleteUserPolicy names. `put`: the event created or replaced it, so "no such policy" is IAM's
   * eventual consistency, and the policy counts as not read rather than absent.
   */
  inlinePolicy?: { name: string; put: boolean };
}

import type { Approval, ApprovedEntitlement, RiskLevel } from './approval';
import { sha256Hex } from './canonical-json';
import type { Finding, ObservedEntitlement } from './finding';
import type { Inventory, Tags } from './inventory';
import { isAdminLikeDocument, PrivilegeIndex } from './privilege';
import { toMs } from './time';

/** `approvedBy` of every draft: whoever approves it puts their own name there. */
export const DRAFT_APPROVER = 'tally (draft)';
/** Tag keys read as a principal's owner when the policy names none (case-insensitive, first found wins). */
export const DEFAULT_OWNER_TAGS = ['owner', 'tally:owner'] as const;

export interface DraftOptions {
  /** The inventory the findings were reconciled from: the privilege of what a draft grants is read from it. */
  inventory: Inventory;
  /** ISO 8601: `approvedAt` of every draft. */
  now: string;
  /** Tag key naming the owner (policy `ownerTag`); absent: {@link DEFAULT_OWNER_TAGS}. */
  ownerTag?: string;
  /** Who created each principal, by ARN: the owner when no owner tag names one. */
  creators?: ReadonlyMap<string, string>;
}

/** An UNAPPROVED_ENTITLEMENT finding no approval could cover. */
export interface SkippedFinding {
  findingId: string;
  reason: string;
}

export interface Drafts {
  /** One per approvable UNAPPROVED_ENTITLEMENT finding, ordered by ticket id. */
  drafts: Approval[];
  skipped: SkippedFinding[];
}

/** `DRAFT-` and 12 hex digits of the finding id's hash: stable for as long as the finding is. */
export function draftTicketId(findingId: string): string {
  return `DRAFT-${sha256Hex(findingId).slice(0, 12).toUpperCase()}`;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** The entitlement as an approval names it, so that the approval, once approved, matches the observed one exactly. */
export function draftEntitlement(o: ObservedEntitlement): ApprovedEntitlement {
  const detail = o.detail ?? {};
  switch (o.kind) {
    case 'identity':
      return { kind: 'identity' };
    case 'managed-policy':
      return { kind: 'managed-policy', policyArn: o.target };
    case 'inline-policy': {
      const sha = detail.documentSha256;
      return typeof sha === 'string' ? { kind: 'inline-policy', policyName: o.target, documentSha256: sha } : { kind: 'inline-policy', policyName: o.target };
    }
    case 'group-membership':
      return { kind: 'group-membership', group: o.target };
    case 'access-key': {
      const active = typeof detail.activeKeys === 'number' ? detail.activeKeys : Number(o.target);
      return { kind: 'access-key', maxKeys: active };
    }
    case 'role-trust':
      // Every principal the trust allows, not only the external ones: an approval that left one out would drift.
      return { kind: 'role-trust', principals: stringList(detail.principals) ?? o.target.split(';').filter(Boolean) };
    case 'secret':
      return { kind: 'secret' };
  }
}

/** The owner tag's value: the configured key, else the default keys in order, each matched case-insensitively. */
export function ownerFromTags(tags: Tags | undefined, ownerTag?: string): string | undefined {
  if (!tags) return undefined;
  const keys = Object.keys(tags).sort();
  for (const wanted of ownerTag ? [ownerTag] : DEFAULT_OWNER_TAGS) {
    const key = keys.find((k) => k.toLowerCase() === wanted.toLowerCase() && tags[k]!.trim() !== '');
    if (key !== undefined) return tags[key]!.trim();
  }
  return undefined;
}

/** Inline policy documents by `principal ARN|policy name`. */
function inlineDocuments(inv: Inventory): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const p of [...inv.users, ...inv.roles, ...inv.groups]) for (const i of p.inlinePolicies) out.set(`${p.arn}|${i.policyName}`, i.document);
  return out;
}

/**
 * Privileged when what the draft grants is admin-like (the same judgement that makes the finding
 * HIGH); an identity, its keys and its trust grant what the principal holds, so they follow the
 * principal's privilege as the finding reports it.
 */
function riskOf(f: Finding, e: ApprovedEntitlement, privilege: PrivilegeIndex, inline: Map<string, Record<string, unknown>>): RiskLevel {
  const principal = f.observed!.principal;
  let admin: boolean;
  switch (e.kind) {
    case 'managed-policy':
      admin = privilege.isAdminLikePolicy({ policyArn: e.policyArn, policyName: e.policyArn.slice(e.policyArn.lastIndexOf('/') + 1) });
      break;
    case 'inline-policy':
      admin = isAdminLikeDocument(inline.get(`${principal}|${e.policyName}`));
      break;
    case 'group-membership':
      admin = privilege.adminLikeViaGroup(e.group).length > 0;
      break;
    default:
      admin = f.privileged;
  }
  return admin ? 'privileged' : 'standard';
}

/**
 * Turns every UNAPPROVED_ENTITLEMENT finding into a draft approval (status `draft`, which never counts
 * as an approval) naming the entitlement exactly as observed: approved as it stands, it covers the
 * finding. The owner is the principal's owner tag, else its creator when known, else absent.
 * Deterministic: the same findings, inventory and `now` give the same drafts. Root access keys are
 * never approvable and are listed in `skipped`.
 */
export function draftApprovals(findings: readonly Finding[], options: DraftOptions): Drafts {
  const privilege = new PrivilegeIndex(options.inventory);
  const inline = inlineDocuments(options.inventory);
  const approvedAt = new Date(toMs(options.now)).toISOString();
  const drafts: Approval[] = [];
  const skipped: SkippedFinding[] = [];
  for (const f of findings) {
    if (f.type !== 'UNAPPROVED_ENTITLEMENT') continue;
    if (!f.observed) {
      skipped.push({ findingId: f.id, reason: `${f.title}: not approvable` });
      continue;
    }
    const principal = f.observed.principal;
    const entitlement = draftEntitlement(f.observed);
    const owner = ownerFromTags(f.resource.tags, options.ownerTag) ?? options.creators?.get(principal);
    drafts.push({
      ticketId: draftTicketId(f.id),
      principal,
      entitlement,
      approvedBy: DRAFT_APPROVER,
      ...(owner ? { owner } : {}),
      approvedAt,
      risk: riskOf(f, entitlement, privilege, inline),
      status: 'draft',
      draftOf: f.id,
    });
  }
  drafts.sort((a, b) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  return { drafts, skipped };
}

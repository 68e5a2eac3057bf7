import { z } from 'zod';
import type { TableSpec } from '../aws/table-spec';
import type { EntitlementKind } from '../core/approval';
import { canonicalJson, sha256Hex } from '../core/canonical-json';
import { FINDING_TYPES, type Finding, type FindingType, type Severity } from '../core/finding';
import { KEY_RESOURCE_SEGMENT } from '../core/resources';
import type { InventoryCoverage } from '../core/inventory';
import { asffFindingSchema, type AwsSecurityFinding } from './asff-schema';

/** What `openByPrincipal` holds of an entry besides its keys: what a plan reads ({@link LedgerSummary}). */
const OPEN_INDEX_ATTRIBUTES = ['parts', 'fingerprint', 'severity', 'privileged', 'exempt', 'firstSeen', 'lastImportedAt', 'updatedAt'];

/**
 * The findings ledger: what Tally last sent to Security Hub, one item per finding id.
 *
 * | attribute      | type | meaning |
 * |----------------|------|---------|
 * | findingId (PK) | S    | the finding's stable id, equal to the ASFF `Id` |
 * | accountId      | S    | partition key of both indexes |
 * | openPrincipal  | S    | the entry's principal while it is ACTIVE, absent once ARCHIVED: sort key of the sparse `openByPrincipal` index |
 * | state          | S    | `ACTIVE` or `ARCHIVED`; sort key of `byAccountState` (a reserved word: use `#state`) |
 * | type           | S    | finding type |
 * | resourceId     | S    | the finding's resource id |
 * | principalArn   | S    | the principal the finding is about (a key's owner), matched exactly by the event path |
 * | parts          | L    | inventory parts the finding depends on; a part not read never archives it |
 * | fingerprint    | S    | sha256 of the material content (see {@link fingerprint}) |
 * | severity       | S    | the severity label Security Hub holds (of `asff`), so a lowering is seen without the document |
 * | privileged     | BOOL | `asff` says privileged (`tally/privileged`) |
 * | exempt         | BOOL | `asff` says exempt (`tally/exempt`) |
 * | firstSeen      | S    | start of the current ACTIVE episode; ASFF CreatedAt and FirstObservedAt |
 * | lastSeen       | S    | last sweep that wrote the entry while the condition held |
 * | lastImportedAt | S    | last successful BatchImportFindings of this id (drives the refresh) |
 * | updatedAt      | S    | the ASFF UpdatedAt sent last; the next one must be strictly later |
 * | asff           | S    | the last ASFF document sent, as JSON, to re-import an ARCHIVED copy |
 * | archivedAt     | S    | when the ARCHIVED copy was imported |
 * | expiresAt      | N    | TTL, epoch seconds: {@link ARCHIVED_TTL_DAYS} after archiving; absent while ACTIVE |
 *
 * A sweep reads an account's open entries from `openByPrincipal`, which projects only what a plan
 * needs ({@link OPEN_INDEX_ATTRIBUTES}: under 350 bytes an entry, against about 3 KB with the ASFF
 * document), and the event path reads one principal's. `byAccountState` (projection ALL) is read
 * once per account, to fill in entries written before `openByPrincipal` existed (see
 * `FindingsLedger.load`); CloudFormation cannot drop one index and add another in one update, so it
 * goes in a later release.
 *
 * The ASFF document is stored as a JSON string, not a map: it round-trips exactly and DynamoDB's
 * empty-value rules never alter it. It is at most 240 KB, under the 400 KB item limit.
 */
export const LEDGER_TABLE: TableSpec = {
  partitionKey: { name: 'findingId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'byAccountState',
      partitionKey: { name: 'accountId', type: 'S' },
      sortKey: { name: 'state', type: 'S' },
    },
    {
      indexName: 'openByPrincipal',
      partitionKey: { name: 'accountId', type: 'S' },
      sortKey: { name: 'openPrincipal', type: 'S' },
      include: OPEN_INDEX_ATTRIBUTES,
    },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** The GSI of every entry by account and state, whole items: read once per account, to fill in entries older than {@link OPEN_BY_PRINCIPAL}. */
export const BY_ACCOUNT_STATE = 'byAccountState';
/** The sparse GSI of ACTIVE entries by account and principal, projecting {@link OPEN_INDEX_ATTRIBUTES}. */
export const OPEN_BY_PRINCIPAL = 'openByPrincipal';

/** How long an ARCHIVED entry is kept: long enough to re-open a finding with its history. */
export const ARCHIVED_TTL_DAYS = 365;

export const LEDGER_STATES = ['ACTIVE', 'ARCHIVED'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

/** A part of the inventory (`ReconcileResult.incomplete` names the ones not read). */
export type InventoryPart = keyof InventoryCoverage;
export const INVENTORY_PARTS: readonly InventoryPart[] = ['iam', 'credentialReport', 'secrets'];

/** What Security Hub holds of a finding that a lowering would change (DESIGN "Trust rules"). */
export interface Standing {
  severity: Severity;
  privileged: boolean;
  exempt: boolean;
}

/** What a plan needs of an open entry: what {@link OPEN_BY_PRINCIPAL} projects. */
export interface LedgerSummary {
  findingId: string;
  accountId: string;
  /** The principal the finding is about: stored, or for entries written before it was, derived from the resource id. */
  principalArn: string;
  parts: InventoryPart[];
  fingerprint: string;
  state: LedgerState;
  firstSeen: string;
  lastImportedAt: string;
  updatedAt: string;
  standing: Standing;
}

/** One ledger item, validated. */
export interface LedgerEntry extends LedgerSummary {
  type: FindingType;
  resourceId: string;
  lastSeen: string;
  asff: AwsSecurityFinding;
  archivedAt?: string;
  expiresAt?: number;
}

const instant = z.iso.datetime({ offset: true });

/** A stored entry, the ASFF document parsed. */
export const ledgerItemSchema = z.object({
  findingId: z.string().min(1),
  accountId: z.string().regex(/^\d{12}$/),
  type: z.enum(FINDING_TYPES),
  resourceId: z.string().min(1),
  principalArn: z.string().min(1).optional(),
  parts: z.array(z.enum(['iam', 'credentialReport', 'secrets'])).min(1),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.enum(LEDGER_STATES),
  firstSeen: instant,
  lastSeen: instant,
  lastImportedAt: instant,
  updatedAt: instant,
  asff: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  }).pipe(asffFindingSchema),
  archivedAt: instant.optional(),
  expiresAt: z.number().int().optional(),
});

/** A DynamoDB item as a ledger entry; throws a ZodError when the item is not one. */
export function parseLedgerItem(item: Record<string, unknown>): LedgerEntry {
  const e = ledgerItemSchema.parse(item);
  return { ...e, principalArn: e.principalArn ?? derivedPrincipal(e.resourceId), standing: standingOf(e.asff) } as LedgerEntry;
}

/**
 * A ledger entry as the DynamoDB item to put: in the open index while ACTIVE, its standing beside
 * the document, read from the document so the two never disagree.
 */
export function toLedgerItem(e: LedgerEntry): Record<string, unknown> {
  const { standing: _standing, ...rest } = e;
  return { ...rest, ...standingOf(e.asff), asff: JSON.stringify(e.asff), ...(e.state === 'ACTIVE' ? { openPrincipal: e.principalArn } : {}) };
}

/** The standing Security Hub was given in `asff`: its FindingProviderFields severity (the one a finding provider sets), privilege and exemption. */
export function standingOf(asff: AwsSecurityFinding): Standing {
  const fields = asff.ProductFields ?? {};
  return {
    severity: asff.FindingProviderFields?.Severity?.Label ?? asff.Severity.Label,
    privileged: fields['tally/privileged'] === 'true',
    exempt: fields['tally/exempt'] === 'true',
  };
}

/**
 * The principal of an entry written before `principalArn` was stored: an access key's id is
 * `<user ARN>/access-key/<key id or slot>` (key ids and slots hold no `/`, user paths may), any
 * other resource is its own principal.
 */
function derivedPrincipal(resourceId: string): string {
  const at = resourceId.lastIndexOf(KEY_RESOURCE_SEGMENT);
  return at > 0 ? resourceId.slice(0, at) : resourceId;
}

/**
 * sha256 of the condition itself: type, severity, resource (for a key: its owner and creation, not
 * how the read named it), approval, observed entitlement, the threshold's limit, control, privilege
 * and exemption. Left out: `detectedAt`, and everything that
 * only counts days (title, summary, `threshold.actualDays`), so an ageing stale key is not
 * re-imported every day; the periodic refresh keeps its text current enough.
 */
export function fingerprint(f: Finding): string {
  const { type, severity, approval, observed, control, privileged, exempt } = f;
  // A key is named by slot in a full sweep and by key id on the event path: neither is the condition.
  const { id: _id, name: _name, accessKeyId: _key, accessKeySlot: _slot, ...keyResource } = f.resource;
  const resource = f.resource.type === 'AwsIamAccessKey' ? keyResource : f.resource;
  const threshold = f.threshold ? { name: f.threshold.name, limitDays: f.threshold.limitDays, reference: f.threshold.reference } : undefined;
  return sha256Hex(canonicalJson({ type, severity, resource, approval, observed, threshold, control, privileged, exempt }));
}

const KINDS: Record<EntitlementKind, true> = {
  identity: true,
  'managed-policy': true,
  'inline-policy': true,
  'group-membership': true,
  'access-key': true,
  'role-trust': true,
  secret: true,
};

/** The kind in an approval key `ticket|principal|kind|target`; searched, since a ticket id may hold `|`. */
function approvalKind(key: string | undefined): EntitlementKind | undefined {
  return key?.split('|').find((s): s is EntitlementKind => Object.hasOwn(KINDS, s));
}

/**
 * The inventory parts a finding was derived from. Secrets come from ListSecrets only; access keys
 * from the credential report, filtered by what GAAD says exists; everything else from GAAD.
 */
export function inventoryParts(f: Finding): InventoryPart[] {
  const kind = f.observed?.kind ?? approvalKind(f.approval?.key);
  if (kind === 'secret' || f.resource.type === 'AwsSecretsManagerSecret' || f.type.startsWith('SECRET_')) return ['secrets'];
  if (kind === 'access-key' || f.resource.type === 'AwsIamAccessKey' || f.type.endsWith('_ACCESS_KEY')) return ['iam', 'credentialReport'];
  // A user's use is read from the credential report (password and keys): unread, the finding is held.
  if (f.type === 'APPROVED_BUT_UNUSED' && f.resource.type === 'AwsIamUser') return ['iam', 'credentialReport'];
  return ['iam'];
}

const MS_PER_DAY = 86_400_000;

/** The next ASFF UpdatedAt: `now`, or 1 ms after the previous one when the clock has not moved past it. */
export function nextUpdatedAt(previous: string | undefined, now: string): string {
  const nowMs = Date.parse(now);
  const after = previous === undefined ? nowMs : Math.max(nowMs, Date.parse(previous) + 1);
  return new Date(after).toISOString();
}

/** TTL (epoch seconds) of an entry archived at `now`. */
export function archivedExpiry(now: string, days = ARCHIVED_TTL_DAYS): number {
  return Math.floor((Date.parse(now) + days * MS_PER_DAY) / 1000);
}

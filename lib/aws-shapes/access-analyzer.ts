import { isUnusedAccessType, type UnusedAccessFinding, type UnusedService } from '../core/unused-access';
import { SnapshotError } from './snapshot-error';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A date as the SDK gives it (Date) or as the CLI prints it (ISO string, or epoch seconds). */
function iso(v: unknown): string | undefined {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v)).toISOString();
  if (typeof v === 'number') return new Date(v * 1000).toISOString();
  return undefined;
}

/** `findingDetails` of GetFindingV2: the key, password or role last use, and UnusedPermission's services. */
function details(list: unknown): Pick<UnusedAccessFinding, 'lastAccessed' | 'accessKeyId' | 'services'> {
  const out: Pick<UnusedAccessFinding, 'lastAccessed' | 'accessKeyId' | 'services'> = {};
  const services: UnusedService[] = [];
  for (const d of Array.isArray(list) ? list : []) {
    if (!isObject(d)) continue;
    const role = d.unusedIamRoleDetails;
    const key = d.unusedIamUserAccessKeyDetails;
    const password = d.unusedIamUserPasswordDetails;
    const perm = d.unusedPermissionDetails;
    for (const x of [role, key, password]) {
      const at = isObject(x) ? iso(x.lastAccessed) : undefined;
      if (at) out.lastAccessed = at;
    }
    if (isObject(key) && typeof key.accessKeyId === 'string') out.accessKeyId = key.accessKeyId;
    if (isObject(perm) && typeof perm.serviceNamespace === 'string') {
      const at = iso(perm.lastAccessed);
      services.push({ namespace: perm.serviceNamespace, ...(at ? { lastAccessed: at } : {}) });
    }
  }
  if (services.length) out.services = services;
  return out;
}

/**
 * One unused-access finding from a ListFindingsV2 summary or a GetFindingV2 response (same top-level
 * fields; the latter adds `findingDetails`). Undefined for other finding types and for findings that
 * are not ACTIVE (archived or resolved findings say nothing about now).
 */
export function unusedAccessFinding(raw: unknown, file = 'Access Analyzer'): UnusedAccessFinding | undefined {
  if (!isObject(raw)) throw new SnapshotError({ file, reason: 'a finding is not an object' });
  if (typeof raw.id !== 'string' || typeof raw.resource !== 'string') throw new SnapshotError({ file, reason: 'a finding lacks id or resource' });
  if (!isUnusedAccessType(raw.findingType) || raw.status !== 'ACTIVE') return undefined;
  const updatedAt = iso(raw.updatedAt);
  return { id: raw.id, type: raw.findingType, principal: raw.resource, ...details(raw.findingDetails), ...(updatedAt ? { updatedAt } : {}) };
}

/**
 * The unused-access findings of a snapshot file: a ListFindingsV2 page (`{"findings": [...]}`), a
 * GetFindingV2 response, or an array of either. Details from a GetFindingV2 response are merged
 * into the summary of the same id by {@link mergeUnusedAccess}.
 */
export function parseAccessAnalyzerFile(data: unknown, file: string): UnusedAccessFinding[] {
  const docs = Array.isArray(data) ? data : [data];
  return docs.flatMap((d) => {
    if (isObject(d) && Array.isArray(d.findings)) return d.findings.map((f) => unusedAccessFinding(f, file)).filter((f) => f !== undefined);
    const one = unusedAccessFinding(d, file);
    return one ? [one] : [];
  });
}

/** One finding per id: what several reads said of it merged (GetFindingV2 details onto a summary). */
export function mergeUnusedAccess(findings: readonly UnusedAccessFinding[]): UnusedAccessFinding[] {
  const byId = new Map<string, UnusedAccessFinding>();
  for (const f of findings) byId.set(f.id, { ...byId.get(f.id), ...f });
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** True for a JSON document that holds Access Analyzer findings (by its keys). */
export function isAccessAnalyzerExport(data: unknown): boolean {
  if (isObject(data)) return (Array.isArray(data.findings) && data.findings.some((f) => isObject(f) && 'findingType' in f)) || ('findingType' in data && 'resource' in data);
  return Array.isArray(data) && data.length > 0 && data.every((d) => isAccessAnalyzerExport(d));
}

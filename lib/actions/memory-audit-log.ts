import type { AuditSink, AuditWrite, CapSlot } from './audit-log';
import {
  auditRecordSchema,
  capKey,
  deactivationSchema,
  memoryId,
  memoryPartition,
  secretVersionSchema,
  sightingSchema,
  type AuditRecord,
  type Deactivation,
  type SecretVersionDate,
  type Sighting,
  REPORTED_TTL_DAYS,
  WARNING_TTL_DAYS,
} from './audit-table';

/** In-memory audit log with the same once-only semantics, for report runs without a table. */
export class MemoryAuditLog implements AuditSink {
  private readonly items = new Map<string, AuditRecord>();
  private readonly leases = new Map<string, { runId: string; until: string }>();
  private readonly slots = new Map<string, { runId: string; accessKeyId: string }[]>();
  private readonly seen = new Map<string, Sighting>();
  private readonly off = new Map<string, Deactivation>();
  private readonly versions = new Map<string, SecretVersionDate>();

  async rememberVersion(v: SecretVersionDate): Promise<void> {
    const id = `${v.runId}\u0000${v.sk}`;
    const held = this.versions.get(id);
    if (held && held.ttl > Math.floor(Date.parse(v.rememberedAt) / 1000)) return;
    this.versions.set(id, secretVersionSchema.parse(v));
  }

  async rememberVersions(vs: readonly SecretVersionDate[]): Promise<void> {
    for (const v of vs) await this.rememberVersion(v);
  }

  async rememberedVersions(accountId: string, now: string): Promise<Map<string, SecretVersionDate>> {
    const partition = memoryPartition(accountId);
    const nowSec = Math.floor(Date.parse(now) / 1000);
    return new Map([...this.versions.values()].filter((v) => v.runId === partition && v.ttl > nowSec).map((v) => [memoryId('ver', v.sk)!, v]));
  }

  async deactivated(d: Deactivation): Promise<void> {
    const id = `${d.runId}\u0000${d.sk}`;
    if (!this.off.has(id)) this.off.set(id, deactivationSchema.parse(d));
  }

  async deactivationsSince(accountId: string, since: string, now: string): Promise<Deactivation[]> {
    const partition = memoryPartition(accountId);
    const from = `off#${new Date(Date.parse(since)).toISOString()}`;
    const nowSec = Math.floor(Date.parse(now) / 1000);
    return [...this.off.values()].filter((d) => d.runId === partition && d.sk >= from && d.ttl > nowSec).sort((a, b) => (a.sk < b.sk ? -1 : 1));
  }

  async sightings(accountId: string, now: string): Promise<Map<string, Sighting>> {
    const partition = memoryPartition(accountId);
    const nowSec = Math.floor(Date.parse(now) / 1000);
    return new Map([...this.seen.values()].filter((s) => s.runId === partition && s.ttl > nowSec).map((s) => [memoryId('seen', s.sk)!, s]));
  }

  async sight(s: Sighting): Promise<boolean> {
    const id = `${s.runId}\u0000${s.sk}`;
    const held = this.seen.get(id);
    if (held && held.ttl > Math.floor(Date.parse(s.firstSeen) / 1000)) return false;
    this.seen.set(id, sightingSchema.parse(s));
    return true;
  }

  async claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean> {
    return this.lease(`key#${accessKeyId}`, runId, at, until);
  }

  async lock(accountId: string, runId: string, at: string, until: string): Promise<boolean> {
    return this.lease(`lock#${accountId}`, runId, at, until);
  }

  async unlock(accountId: string, runId: string, at: string): Promise<void> {
    if (this.leases.get(`lock#${accountId}`)?.runId === runId) this.leases.set(`lock#${accountId}`, { runId, until: at });
  }

  async takeSlot(s: CapSlot): Promise<boolean> {
    const key = capKey(s.accountId, s.day).runId;
    const taken = this.slots.get(key) ?? [];
    if (taken.some((t) => t.runId === s.runId && t.accessKeyId === s.accessKeyId)) return true;
    if (taken.length >= s.cap) return false;
    this.slots.set(key, [...taken, { runId: s.runId, accessKeyId: s.accessKeyId }]);
    return true;
  }

  private lease(key: string, runId: string, at: string, until: string): boolean {
    const held = this.leases.get(key);
    if (held && held.runId !== runId && held.until > at) return false;
    this.leases.set(key, { runId, until });
    return true;
  }

  /** Remembered ids (warnings sent, report decisions) by `<kind>\0<accountId>\0<id>`, with their TTL. */
  private readonly remembered = new Map<string, number>();

  private async onRecord(kind: string, accountId: string, now: string): Promise<Set<string>> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const prefix = `${kind}\u0000${accountId}\u0000`;
    return new Set([...this.remembered].filter(([k, ttl]) => k.startsWith(prefix) && ttl > nowSec).map(([k]) => k.slice(prefix.length)));
  }

  private async rememberOnce(kind: string, accountId: string, ids: readonly string[], at: string, days: number): Promise<string[]> {
    for (const id of ids) {
      const key = `${kind}\u0000${accountId}\u0000${id}`;
      if (!this.remembered.has(key)) this.remembered.set(key, Math.ceil(Date.parse(at) / 1000) + days * 86_400);
    }
    return [];
  }

  sentWarnings(accountId: string, now: string): Promise<Set<string>> {
    return this.onRecord('warn', accountId, now);
  }

  warningsSent(accountId: string, ids: readonly string[], at: string): Promise<string[]> {
    return this.rememberOnce('warn', accountId, ids, at, WARNING_TTL_DAYS);
  }

  reported(accountId: string, now: string): Promise<Set<string>> {
    return this.onRecord('plan', accountId, now);
  }

  rememberReported(accountId: string, ids: readonly string[], at: string): Promise<string[]> {
    return this.rememberOnce('plan', accountId, ids, at, REPORTED_TTL_DAYS);
  }

  async recordMany(recs: readonly AuditRecord[]): Promise<AuditWrite[]> {
    const out: AuditWrite[] = [];
    for (const rec of recs) out.push(await this.record(rec));
    return out;
  }

  async record(rec: AuditRecord): Promise<AuditWrite> {
    const id = `${rec.runId}\u0000${rec.sk}`;
    if (this.items.has(id)) return 'duplicate';
    this.items.set(id, auditRecordSchema.parse(rec));
    return 'written';
  }

  async list(runId: string): Promise<AuditRecord[]> {
    return [...this.items.values()].filter((r) => r.runId === runId).sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  }
}

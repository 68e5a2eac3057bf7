import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovedEntitlement } from '../../lib/core/approval';
import { approvalKey } from '../../lib/core/approval';
import type { Inventory } from '../../lib/core/inventory';
import { ACCOUNT, awsPolicy, daysAgo, group, groupArn, inventory, role, roleArn, secret, trust, user, userArn } from './builders';
import { run } from './run';

// A small universe of names so that generated approvals and state collide often.
const USERS = ['u0', 'u1', 'u2', 'u3'];
const ROLES = ['r0', 'r1', 'r2'];
const GROUPS = ['g0', 'g1'];
const POLICIES = ['ReadOnlyAccess', 'AmazonS3FullAccess', 'AdministratorAccess', 'AmazonSQSFullAccess'];
const SECRETS = ['s0', 's1', 's2'];
const TRUSTED = [`arn:aws:iam::${ACCOUNT}:role/ci`, 'arn:aws:iam::999988887777:root', '*'];

const day = fc.integer({ min: 0, max: 400 });
const optionalDay = fc.option(day, { nil: undefined });
const attached = fc.subarray(POLICIES).map((ps) => ps.map((p) => ({ policyArn: awsPolicy(p), policyName: p })));
const inline = fc.subarray(['a', 'b']).map((ns) => ns.map((n) => ({ policyName: n, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${n}:*`, Resource: '*' }] } })));
const accessKey = (slot: 1 | 2) =>
  fc.record({ created: day, used: optionalDay, active: fc.boolean() }).map(({ created, used, active }) => ({
    slot,
    active,
    createdAt: daysAgo(created),
    ...(used === undefined ? {} : { lastUsedAt: daysAgo(Math.min(used, created)) }),
  }));

const inventoryArb: fc.Arbitrary<Inventory> = fc
  .record({
    users: fc.subarray(USERS).chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc
            .record({ attached, inline, groups: fc.subarray(GROUPS), keys: fc.subarray([1, 2] as const), k1: accessKey(1), k2: accessKey(2), exempt: fc.boolean() })
            .map((x) =>
              user(name, {
                attachedPolicies: x.attached,
                inlinePolicies: x.inline,
                groups: x.groups,
                accessKeys: x.keys.map((s) => (s === 1 ? x.k1 : x.k2)),
                tags: x.exempt ? { 'tally:exempt': 'test' } : {},
              }),
            ),
        ),
      ),
    ),
    roles: fc.subarray(ROLES).chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.record({ attached, trusted: fc.subarray(TRUSTED, { minLength: 1 }), used: optionalDay }).map((x) =>
            role(name, { attachedPolicies: x.attached, trustPolicy: trust(...x.trusted), lastUsedAt: x.used === undefined ? undefined : daysAgo(x.used) }),
          ),
        ),
      ),
    ),
    groups: fc.subarray(GROUPS).chain((names) => fc.tuple(...names.map((name) => attached.map((a) => group(name, { attachedPolicies: a }))))),
    secrets: fc.subarray(SECRETS).chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.record({ rotation: fc.boolean(), rotated: optionalDay, accessed: optionalDay }).map((x) =>
            secret(name, {
              rotationEnabled: x.rotation,
              lastRotatedAt: x.rotated === undefined ? undefined : daysAgo(x.rotated),
              lastAccessedAt: x.accessed === undefined ? undefined : `${daysAgo(x.accessed).slice(0, 10)}T00:00:00.000Z`,
            }),
          ),
        ),
      ),
    ),
    coverage: fc.record({ iam: fc.boolean(), credentialReport: fc.boolean(), secrets: fc.boolean() }),
    keysUnread: fc.subarray(USERS.map((u) => userArn(u))),
    keysReadAt: fc.option(fc.integer({ min: 0, max: 72 }).map((h) => daysAgo(h / 24)), { nil: undefined }),
  })
  .map(({ keysReadAt, ...x }) => inventory({ ...x, ...(keysReadAt === undefined ? {} : { keysReadAt }) }));

const entitlementArb: fc.Arbitrary<[string, ApprovedEntitlement]> = fc.oneof(
  fc.tuple(fc.constantFrom(...USERS.map((u) => userArn(u)), ...ROLES.map((r) => roleArn(r))), fc.constant({ kind: 'identity' } as const)),
  fc.tuple(
    fc.constantFrom(...USERS.map((u) => userArn(u)), ...ROLES.map((r) => roleArn(r)), ...GROUPS.map(groupArn)),
    fc.constantFrom(...POLICIES).map((p) => ({ kind: 'managed-policy' as const, policyArn: awsPolicy(p) })),
  ),
  fc.tuple(fc.constantFrom(...USERS.map((u) => userArn(u))), fc.constantFrom('a', 'b').map((n) => ({ kind: 'inline-policy' as const, policyName: n }))),
  fc.tuple(fc.constantFrom(...USERS.map((u) => userArn(u))), fc.constantFrom(...GROUPS).map((g) => ({ kind: 'group-membership' as const, group: g }))),
  fc.tuple(fc.constantFrom(...USERS.map((u) => userArn(u))), fc.integer({ min: 1, max: 2 }).map((n) => ({ kind: 'access-key' as const, maxKeys: n }))),
  fc.tuple(fc.constantFrom(...ROLES.map((r) => roleArn(r))), fc.subarray(TRUSTED, { minLength: 1 }).map((p) => ({ kind: 'role-trust' as const, principals: p }))),
  fc.tuple(fc.constantFrom(...SECRETS), fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }).map((d) => ({ kind: 'secret' as const, ...(d ? { rotationDays: d } : {}) }))),
);

const approvalArb: fc.Arbitrary<Approval> = fc
  .record({
    pe: entitlementArb,
    ticket: fc.constantFrom('T-1', 'T-2', 'T-3'),
    approved: fc.integer({ min: 0, max: 200 }),
    expires: fc.option(fc.integer({ min: -100, max: 100 }), { nil: undefined }),
    revoked: fc.boolean(),
    privileged: fc.boolean(),
    exempt: fc.boolean(),
  })
  .map(({ pe: [principal, entitlement], ticket, approved, expires, revoked, privileged, exempt }) => ({
    ticketId: ticket,
    principal,
    entitlement,
    approvedBy: 'alice@example.com',
    approvedAt: daysAgo(approved),
    ...(expires === undefined ? {} : { expiresAt: daysAgo(expires) }),
    risk: privileged ? 'privileged' : 'standard',
    status: revoked ? 'revoked' : 'approved',
    ...(exempt ? { exempt } : {}),
  }));

const scenario = fc.record({ inv: inventoryArb, approvals: fc.array(approvalArb, { maxLength: 25 }) });

function shuffled<T>(items: T[], seed: number): T[] {
  return items
    .map((item, i) => ({ item, k: ((i + 1) * 2654435761 + seed) % 4294967296 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.item);
}

describe('reconcile (properties)', () => {
  it('is deterministic', () => {
    fc.assert(fc.property(scenario, ({ inv, approvals }) => {
        expect(run(inv, approvals)).toEqual(run(inv, approvals));
      }), { numRuns: 150 });
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ inv, approvals }, seed) => {
        const reordered: Inventory = {
          ...inv,
          users: shuffled(inv.users, seed).map((u) => ({ ...u, groups: shuffled(u.groups, seed), attachedPolicies: shuffled(u.attachedPolicies, seed) })),
          roles: shuffled(inv.roles, seed),
          groups: shuffled(inv.groups, seed),
          secrets: shuffled(inv.secrets, seed),
        };
        expect(run(reordered, shuffled(approvals, seed))).toEqual(run(inv, approvals));
      }),
      { numRuns: 150 },
    );
  });

  it('gives every approval exactly one outcome, backed by a finding of that type', () => {
    fc.assert(
      fc.property(scenario, ({ inv, approvals }) => {
        const r = run(inv, approvals);
        const keys = new Set(approvals.map(approvalKey));
        expect(r.outcomes.map((o) => o.approvalKey).sort()).toEqual([...keys].sort());
        const byId = new Map(r.findings.map((f) => [f.id, f]));
        for (const o of r.outcomes) {
          if (o.outcome === 'PENDING' || o.outcome === 'UNVERIFIED') {
            expect(o.findingId).toBeUndefined();
          } else {
            const f = byId.get(o.findingId!);
            expect(f?.type).toBe(o.outcome);
            expect(f?.approval?.key).toBe(o.approvalKey);
          }
        }
        expect(byId.size).toBe(r.findings.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never reports not-provisioned for an approval whose inventory part, or whose user in the credential report, was not read', () => {
    fc.assert(
      fc.property(scenario, ({ inv, approvals }) => {
        const r = run(inv, approvals);
        for (const f of r.findings.filter((x) => x.type === 'APPROVED_NOT_PROVISIONED')) {
          const a = approvals.find((x) => approvalKey(x) === f.approval?.key)!;
          const kind = a.entitlement.kind;
          if (kind !== 'secret') expect(inv.coverage.iam).toBe(true);
          if (kind === 'access-key') {
            expect(inv.coverage.credentialReport).toBe(true);
            expect(inv.keysUnread).not.toContain(a.principal);
            const graceEnd = Date.parse(a.approvedAt) + (a.provisioningGraceHours ?? 24) * 3_600_000;
            if (inv.keysReadAt !== undefined) expect(Date.parse(inv.keysReadAt)).toBeGreaterThan(graceEnd);
          }
          if (kind === 'secret') expect(inv.coverage.secrets).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('plans actions only for non-exempt stale or unused keys', () => {
    fc.assert(
      fc.property(scenario, ({ inv, approvals }) => {
        const r = run(inv, approvals);
        const byId = new Map(r.findings.map((f) => [f.id, f]));
        for (const a of r.actions) {
          const f = byId.get(a.findingId)!;
          expect(['STALE_ACCESS_KEY', 'UNUSED_ACCESS_KEY']).toContain(f.type);
          expect(f.exempt).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });
});

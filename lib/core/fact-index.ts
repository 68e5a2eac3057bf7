import type { ApprovedEntitlement, EntitlementKind } from './approval';
import type { Fact } from './observed';

/** Kinds matched on principal and kind alone: one such entitlement per principal. */
const SINGLE_PER_PRINCIPAL = new Set<EntitlementKind>(['identity', 'access-key', 'role-trust', 'secret']);

/** What approvals of `kind` are matched on besides principal and kind. */
export function matchTarget(kind: EntitlementKind, target: string): string {
  return SINGLE_PER_PRINCIPAL.has(kind) ? '' : target;
}

export function approvalMatchTarget(e: ApprovedEntitlement): string {
  switch (e.kind) {
    case 'managed-policy':
      return e.policyArn;
    case 'inline-policy':
      return e.policyName;
    case 'group-membership':
      return e.group;
    default:
      return '';
  }
}

/** One matchable entitlement of a principal; facts repeating it share the slot (the last one is matched). */
export interface Slot {
  kind: EntitlementKind;
  target: string;
  fact: Fact;
  owner: PrincipalFacts;
  /** Named by an active approval. */
  active: boolean;
  /** Named by an ended (expired or revoked) approval. */
  inactive: boolean;
  /** Taken by a drifted approval as what is there instead. */
  paired: boolean;
  /** Active approvals naming it, when an ended one does too. */
  superseding: string[] | undefined;
}

export interface PrincipalFacts {
  slots: Slot[];
  /** Indices of this principal's facts, in fact order. */
  facts: number[];
  /** Some active approval names the principal (which covers its identity). */
  activeApproval: boolean;
  /** Some approval of the principal ended with its access still present. */
  expired: boolean;
  /** Past this many slots a map finds them; a principal rarely has more than a handful. */
  byKey: Map<string, Slot> | undefined;
  drift: Map<EntitlementKind, number[]> | undefined;
}

const MAX_SCAN = 16;

export function findSlot(p: PrincipalFacts, kind: EntitlementKind, target: string): Slot | undefined {
  const { slots } = p;
  if (slots.length <= MAX_SCAN) {
    for (const s of slots) if (s.kind === kind && s.target === target) return s;
    return undefined;
  }
  if (!p.byKey) {
    p.byKey = new Map();
    for (const s of slots) if (!p.byKey.has(`${s.kind}|${s.target}`)) p.byKey.set(`${s.kind}|${s.target}`, s);
  }
  return p.byKey.get(`${kind}|${target}`);
}

/** Facts by principal, and each fact's slot (at the fact's index). */
export function indexFacts(facts: readonly Fact[]): { byPrincipal: Map<string, PrincipalFacts>; slotOf: Slot[] } {
  const byPrincipal = new Map<string, PrincipalFacts>();
  const slotOf = new Array<Slot>(facts.length);
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    let p = byPrincipal.get(f.principal);
    if (!p) byPrincipal.set(f.principal, (p = { slots: [], facts: [], activeApproval: false, expired: false, byKey: undefined, drift: undefined }));
    const target = matchTarget(f.kind, f.target);
    let s = findSlot(p, f.kind, target);
    if (s) s.fact = f;
    else {
      s = { kind: f.kind, target, fact: f, owner: p, active: false, inactive: false, paired: false, superseding: undefined };
      p.slots.push(s);
      p.byKey?.set(`${f.kind}|${target}`, s);
    }
    p.facts.push(i);
    slotOf[i] = s;
  }
  return { byPrincipal, slotOf };
}

import type { EntitlementKind } from './approval';
import { documentSha256 } from './canonical-json';
import type { FindingResource, ObservedEntitlement } from './finding';
import type { IamGroup, IamRole, IamUser, Inventory, PolicyDocument } from './inventory';
import { roleResource, secretResource, userResource } from './resources';
import { trustPrincipals } from './trust';

/** An observed entitlement with what the engine needs to pair it with approvals. */
export interface Fact extends ObservedEntitlement {
  /** `principal|kind|target` with the target that approvals of this kind are matched on. */
  matchKey: string;
  resource: FindingResource;
  /** For inline policies: the document and the sha256 of its canonical form. */
  document?: PolicyDocument;
  documentSha256?: string;
  /** For role trust: the normalised Allow principals. */
  trustPrincipals?: string[];
  /** For access keys: how many active keys the user holds. */
  activeKeys?: number;
  /** Managed by an AWS service (a secret with `OwningService`): never reported as unapproved. */
  serviceManaged?: boolean;
}

/** The fact as a finding reports it. */
export function toObserved(f: Fact): ObservedEntitlement {
  const { principal, kind, target, via, source, detail } = f;
  if (via) return detail ? { principal, kind, target, source, via, detail } : { principal, kind, target, source, via };
  return detail ? { principal, kind, target, source, detail } : { principal, kind, target, source };
}

/** Kinds matched on principal and kind alone: one such entitlement per principal. */
const SINGLE_PER_PRINCIPAL = new Set<EntitlementKind>(['identity', 'access-key', 'role-trust', 'secret']);

export function matchKey(principal: string, kind: EntitlementKind, target: string): string {
  return [principal, kind, SINGLE_PER_PRINCIPAL.has(kind) ? '' : target].join('|');
}

export function isServiceLinkedRole(role: IamRole): boolean {
  return role.path.startsWith('/aws-service-role/');
}

function fact(
  resource: FindingResource,
  kind: EntitlementKind,
  target: string,
  source: ObservedEntitlement['source'],
  extra: Partial<Fact> = {},
): Fact {
  const principal = resource.id;
  return { principal, kind, target, source, matchKey: matchKey(principal, kind, target), resource, ...extra };
}

function policyFacts(resource: FindingResource, p: IamUser | IamRole | IamGroup): Fact[] {
  return [
    ...p.attachedPolicies.map((a) => fact(resource, 'managed-policy', a.policyArn, 'GetAccountAuthorizationDetails')),
    ...p.inlinePolicies.map((i) => {
      const sha = documentSha256(i.document);
      return fact(resource, 'inline-policy', i.policyName, 'GetAccountAuthorizationDetails', {
        document: i.document,
        documentSha256: sha,
        detail: { documentSha256: sha },
      });
    }),
  ];
}

function userFacts(u: IamUser): Fact[] {
  const resource = userResource(u);
  const active = u.accessKeys.filter((k) => k.active).length;
  return [
    fact(resource, 'identity', '', 'GetAccountAuthorizationDetails'),
    ...policyFacts(resource, u),
    ...u.groups.map((g) => fact(resource, 'group-membership', g, 'GetAccountAuthorizationDetails')),
    ...(active > 0
      ? [fact(resource, 'access-key', String(active), 'CredentialReport', { activeKeys: active, detail: { activeKeys: active } })]
      : []),
  ];
}

function roleFacts(r: IamRole): Fact[] {
  const resource = roleResource(r);
  const principals = trustPrincipals(r.trustPolicy);
  return [
    fact(resource, 'identity', '', 'GetAccountAuthorizationDetails'),
    ...policyFacts(resource, r),
    fact(resource, 'role-trust', principals.join(';'), 'GetAccountAuthorizationDetails', {
      trustPrincipals: principals,
      detail: { principals },
    }),
  ];
}

function groupFacts(g: IamGroup): Fact[] {
  return policyFacts({ type: 'AwsIamGroup', id: g.arn, name: g.name }, g);
}

/** Every entitlement the inventory shows, service-linked roles and the root user left out. */
export function observedFacts(inv: Inventory): Fact[] {
  return [
    ...inv.users.flatMap(userFacts),
    ...inv.roles.filter((r) => !isServiceLinkedRole(r)).flatMap(roleFacts),
    ...inv.groups.flatMap(groupFacts),
    ...inv.secrets
      .filter((s) => !s.deletedAt)
      .map((s) =>
        fact(secretResource(s), 'secret', '', 'ListSecrets', s.owningService ? { serviceManaged: true, detail: { owningService: s.owningService } } : {}),
      ),
  ];
}

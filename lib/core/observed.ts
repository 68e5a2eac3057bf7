import type { EntitlementKind } from './approval';
import { documentSha256 } from './canonical-json';
import { matchTarget } from './fact-index';
import type { FindingResource, ObservedEntitlement } from './finding';
import type { IamGroup, IamRole, IamUser, Inventory, PolicyDocument } from './inventory';
import { roleResource, secretResource, userResource } from './resources';
import { trustPrincipals } from './trust';

/** An observed entitlement with what the engine needs to pair it with approvals. */
export interface Fact extends ObservedEntitlement {
  resource: FindingResource;
  /** The fact as findings report it, one object shared by all of them. */
  observed: ObservedEntitlement;
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

/** `principal|kind|target` with the target that approvals of this kind are matched on. */
export function matchKey(f: Fact): string {
  return [f.principal, f.kind, matchTarget(f.kind, f.target)].join('|');
}

export function isServiceLinkedRole(role: IamRole): boolean {
  return role.path.startsWith('/aws-service-role/');
}

/** What a fact carries besides principal, kind, target and source. */
type FactExtra = Partial<Pick<Fact, 'document' | 'documentSha256' | 'trustPrincipals' | 'activeKeys' | 'serviceManaged' | 'detail'>>;

function fact(resource: FindingResource, kind: EntitlementKind, target: string, source: ObservedEntitlement['source'], extra: FactExtra = {}): Fact {
  const principal = resource.id;
  const { document, documentSha256, trustPrincipals, activeKeys, serviceManaged, detail } = extra;
  const observed = detail ? { principal, kind, target, source, detail } : { principal, kind, target, source };
  // One literal with every field, so all facts share one shape and none grows a property store.
  return { principal, kind, target, source, detail, resource, observed, document, documentSha256, trustPrincipals, activeKeys, serviceManaged };
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

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

function fact(resource: FindingResource, kind: EntitlementKind, target: string, source: ObservedEntitlement['source'], extra?: FactExtra): Fact {
  const principal = resource.id;
  const detail = extra?.detail;
  const observed = detail ? { principal, kind, target, source, detail } : { principal, kind, target, source };
  // One literal with every field, so all facts share one shape and none grows a property store.
  return {
    principal,
    kind,
    target,
    source,
    detail,
    resource,
    observed,
    document: extra?.document,
    documentSha256: extra?.documentSha256,
    trustPrincipals: extra?.trustPrincipals,
    activeKeys: extra?.activeKeys,
    serviceManaged: extra?.serviceManaged,
  };
}

// Each adds its facts to `out`, in the order findings have always listed them: no intermediate arrays.
function policyFacts(out: Fact[], resource: FindingResource, p: IamUser | IamRole | IamGroup): void {
  for (const a of p.attachedPolicies) out.push(fact(resource, 'managed-policy', a.policyArn, 'GetAccountAuthorizationDetails'));
  for (const i of p.inlinePolicies) {
    const sha = documentSha256(i.document);
    out.push(fact(resource, 'inline-policy', i.policyName, 'GetAccountAuthorizationDetails', { document: i.document, documentSha256: sha, detail: { documentSha256: sha } }));
  }
}

function userFacts(out: Fact[], u: IamUser): void {
  const resource = userResource(u);
  let active = 0;
  for (const k of u.accessKeys) if (k.active) active++;
  out.push(fact(resource, 'identity', '', 'GetAccountAuthorizationDetails'));
  policyFacts(out, resource, u);
  for (const g of u.groups) out.push(fact(resource, 'group-membership', g, 'GetAccountAuthorizationDetails'));
  if (active > 0) out.push(fact(resource, 'access-key', String(active), 'CredentialReport', { activeKeys: active, detail: { activeKeys: active } }));
}

function roleFacts(out: Fact[], r: IamRole): void {
  const resource = roleResource(r);
  const principals = trustPrincipals(r.trustPolicy);
  out.push(fact(resource, 'identity', '', 'GetAccountAuthorizationDetails'));
  policyFacts(out, resource, r);
  out.push(fact(resource, 'role-trust', principals.join(';'), 'GetAccountAuthorizationDetails', { trustPrincipals: principals, detail: { principals } }));
}

/** Every entitlement the inventory shows, service-linked roles and the root user left out. */
export function observedFacts(inv: Inventory): Fact[] {
  const out: Fact[] = [];
  for (const u of inv.users) userFacts(out, u);
  for (const r of inv.roles) if (!isServiceLinkedRole(r)) roleFacts(out, r);
  for (const g of inv.groups) policyFacts(out, { type: 'AwsIamGroup', id: g.arn, name: g.name }, g);
  for (const s of inv.secrets) {
    if (!s.deletedAt) out.push(fact(secretResource(s), 'secret', '', 'ListSecrets', s.owningService ? { serviceManaged: true, detail: { owningService: s.owningService } } : undefined));
  }
  return out;
}

import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * A resource as cdk-nag names it in a finding id: tokens resolved, then `Ref` → `<Name>`,
 * `Fn::GetAtt` → `<Res.Attr>`, `Fn::Join` joined (the rule of cdk-nag's `flattenCfnReference`).
 */
export function nagResourceName(scope: IConstruct, resource: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (Array.isArray(o['Fn::Join'])) {
        const [sep, items] = o['Fn::Join'] as [string, unknown[]];
        return items.map(visit).join(sep);
      }
      if (o['Fn::Sub'] !== undefined) return visit(o['Fn::Sub']);
      if (Array.isArray(o['Fn::GetAtt'])) {
        const [res, attr] = o['Fn::GetAtt'] as [unknown, unknown];
        return `<${visit(res)}.${visit(attr)}>`;
      }
      if (o['Ref'] !== undefined) return `<${visit(o['Ref'])}>`;
    }
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(resource));
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for one wildcard resource on `scope` (and the
 * policies below it), with the reason. cdk-nag 3 needs one acknowledgement per finding id
 * (`AwsSolutions-IAM5[Resource::…]`), which is the v2 `appliesTo`.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResourceName(scope, resource)}]`, reason });
}

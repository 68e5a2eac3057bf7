import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TallyMemberRoleStack, type TallyMemberRoleStackProps } from '../../lib/constructs/member-read-role';
import { TallyOrganizationStack, type OrganizationSettings, type TallyOrganizationStackProps } from '../../lib/constructs/org-stack';
import { ACCOUNT, resources, shared } from './synth';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export const EXTERNAL_ID = 'tally-org-test';

export interface OrgSynth {
  app: App;
  stack: TallyOrganizationStack;
  template: Template;
}

/**
 * Synthesizes a TallyOrganizationStack the way `synth()` does a TallyStack: the app's feature flags,
 * bundling skipped, `region: null` for an environment-agnostic stack.
 */
export function synthOrg(props: Omit<TallyOrganizationStackProps, 'organization'> & { region?: string | null; organization?: Partial<OrganizationSettings> } = {}): OrgSynth {
  return shared('TallyOrganizationStack', props, () => {
    const { region = 'us-east-1', organization, ...rest } = props;
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const stack = new TallyOrganizationStack(app, 'Tally', {
      ...(region === null ? {} : { env: { account: ACCOUNT, region } }),
      ...rest,
      organization: { externalId: EXTERNAL_ID, ...organization },
    });
    return { app, stack, template: Template.fromStack(stack) };
  });
}

/** Synthesizes the member role template (always environment-agnostic: it is a StackSet template). Shared per process. */
export function synthMember(props: TallyMemberRoleStackProps = {}): { app: App; stack: TallyMemberRoleStack; template: Template } {
  return shared('TallyMemberRoleStack', props, () => {
    const app = new App({ context: cdkJson.context });
    const stack = new TallyMemberRoleStack(app, 'TallyMemberRole', props);
    return { app, stack, template: Template.fromStack(stack) };
  });
}

/**
 * The state machine's definition as an object: the `Fn::Join` of DefinitionString with each
 * CloudFormation reference written as `[[Ref X]]` or `[[X.Attr]]` (they all sit inside strings).
 */
export function definitionOf(s: OrgSynth): any {
  const sm = resources(s.template, 'AWS::StepFunctions::StateMachine')[0]![1];
  const body = sm.Properties!.DefinitionString as { 'Fn::Join': [string, unknown[]] } | string;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((p) => {
            if (typeof p === 'string') return p;
            const o = p as Record<string, unknown>;
            if (o.Ref) return `[[Ref ${String(o.Ref)}]]`;
            if (o['Fn::GetAtt']) return `[[${(o['Fn::GetAtt'] as string[]).join('.')}]]`;
            return '[[?]]';
          })
          .join('');
  return JSON.parse(text);
}

/** Logical id of the role of a construct that has one (`.role`). */
export function roleLogicalId(s: { stack: { getLogicalId(e: never): string } }, role: { node: { defaultChild?: unknown } }): string {
  return s.stack.getLogicalId(role.node.defaultChild as never);
}

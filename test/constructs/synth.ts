import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TallyStack, type TallyStackProps } from '../../lib/constructs/tally-stack';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export const ACCOUNT = '123456789012';

export interface Synth {
  app: App;
  stack: TallyStack;
  template: Template;
}

/** Synthesized apps of this process by app kind and props, and how often each was built. */
const apps = new Map<string, unknown>();
const builds = new Map<string, number>();

/**
 * One synthesized app per app kind and props in this process: the first call builds it, later
 * calls (from any test file of the constructs project, which runs them in one worker without
 * isolation, see vitest.config.ts) get the same app. Props must be plain data (they are keyed by
 * their JSON). A build that throws is not kept. Callers must not change the app they get.
 */
export function shared<T>(kind: string, props: unknown, build: () => T): T {
  const key = `${kind} ${JSON.stringify(props)}`;
  if (!apps.has(key)) {
    builds.set(key, (builds.get(key) ?? 0) + 1);
    apps.set(key, build());
  }
  return apps.get(key) as T;
}

/** How many times each app kind and props was built in this process (the cost of synthesis). */
export function synthBuilds(): ReadonlyMap<string, number> {
  return builds;
}

/**
 * Synthesizes a TallyStack with the app's own feature flags (cdk.json) and bundling skipped
 * (`aws:cdk:bundling-stacks: []`): NodejsFunction then stages no code, so a synth takes a second,
 * not a bundle per function. Real bundling is exercised by `npm run synth`.
 * `region: null` makes the stack environment-agnostic. Shared per process (see {@link shared}).
 */
export function synth(props: TallyStackProps & { region?: string | null } = {}): Synth {
  return shared('TallyStack', props, () => {
    const { region = 'us-east-1', ...rest } = props;
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const stack = new TallyStack(app, 'Tally', { ...(region === null ? {} : { env: { account: ACCOUNT, region } }), ...rest });
    return { app, stack, template: Template.fromStack(stack) };
  });
}

type Resource = { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown };

/** Resources of one type, by logical id. */
export function resources(template: Template, type: string): [string, Resource][] {
  const all = template.toJSON().Resources as Record<string, Resource>;
  return Object.entries(all).filter(([, r]) => r.Type === type);
}

/** Logical id of a construct's CloudFormation resource (e.g. the function inside a TallyFunction). */
export function logicalId(stack: Stack, cfn: { node: { defaultChild?: unknown } } | unknown): string {
  const child = (cfn as { node: { defaultChild?: unknown } }).node.defaultChild ?? cfn;
  return stack.getLogicalId(child as Parameters<Stack['getLogicalId']>[0]);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The statements of every IAM policy attached to a role, by role logical id. */
export function statementsByRole(template: Template): Map<string, Statement[]> {
  const out = new Map<string, Statement[]>();
  for (const [, policy] of resources(template, 'AWS::IAM::Policy')) {
    const props = policy.Properties as { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] };
    for (const role of props.Roles) out.set(role.Ref, [...(out.get(role.Ref) ?? []), ...props.PolicyDocument.Statement]);
  }
  return out;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

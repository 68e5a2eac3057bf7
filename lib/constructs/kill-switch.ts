import { Stack } from 'aws-cdk-lib';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

const created = new WeakMap<Stack, { parameter: StringParameter; paused: boolean }>();

/** Name of a stack's kill switch parameter: `/tally/<stack name>/enforcement-paused`. */
export function killSwitchParameterName(stack: Stack): string {
  return `/tally/${stack.stackName}/enforcement-paused`;
}

/**
 * The stack's one kill switch: an SSM String parameter, `true` or `false`, that every function
 * acting on keys reads before each IAM write. Pausing is one command, no redeploy:
 * `aws ssm put-parameter --name /tally/<stack>/enforcement-paused --value true --overwrite`.
 * `paused` is the value at creation; a deploy rewrites it only when `paused` itself changes.
 * Created once per stack and shared by the sweep and the organization sweep.
 */
export function killSwitchParameter(scope: Construct, paused: boolean): StringParameter {
  const stack = Stack.of(scope);
  const existing = created.get(stack);
  if (existing) {
    if (existing.paused !== paused) throw new Error(`${scope.node.path}: enforcementPaused ${paused} differs from the stack's kill switch (created ${existing.paused})`);
    return existing.parameter;
  }
  const parameter = new StringParameter(stack, 'TallyKillSwitch', {
    parameterName: killSwitchParameterName(stack),
    stringValue: String(paused),
    tier: ParameterTier.STANDARD,
    description: 'Tally kill switch: "true" stops every further access key deactivation; read before each write',
    allowedPattern: '^(true|false)$',
  });
  created.set(stack, { parameter, paused });
  return parameter;
}

import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_ENV } from '../../lib/config/member-config';
import { CAUSE_CHARS, LAMBDA_SERVICE_ERRORS, MAP_LABEL } from '../../lib/constructs/organization-definition';
import { definitionOf, EXTERNAL_ID, synthOrg, type OrgSynth } from './org-synth';
import { ACCOUNT, actionsOf, resources, resourcesOf, statementsByRole } from './synth';

const fnId = (s: OrgSynth) => s.stack.getLogicalId(s.stack.organization.memberSweep.function.node.defaultChild as never);

describe('OrganizationSweep state machine', () => {
  let s: OrgSynth;
  let def: any;
  beforeAll(() => {
    s = synthOrg();
    def = definitionOf(s);
  });

  it('is a STANDARD JSONata state machine with X-Ray tracing and ALL-level logs without execution data', () => {
    const sm = resources(s.template, 'AWS::StepFunctions::StateMachine')[0]![1] as { Properties: any };
    expect(sm!.Properties.StateMachineType).toBe('STANDARD');
    expect(sm!.Properties.TracingConfiguration).toEqual({ Enabled: true });
    const logs = sm!.Properties.LoggingConfiguration;
    expect(logs).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(logs.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]).toBe(s.stack.getLogicalId(s.stack.organization.logGroup.node.defaultChild as never));
    expect(def.QueryLanguage).toBe('JSONata');
    expect(def.TimeoutSeconds).toBe(6 * 3600);
  });

  it('lists every page of accounts: a first call, then NextToken while the last page returned one', () => {
    expect(def.StartAt).toBe('Begin');
    expect(def.States.Begin).toMatchObject({ Type: 'Pass', Next: 'List accounts', Assign: { accounts: [], nextToken: null } });
    const first = def.States['List accounts'];
    const next = def.States['List more accounts'];
    for (const task of [first, next]) {
      expect(task.Type).toBe('Task');
      expect(task.Resource).toBe('arn:[[Ref AWS::Partition]]:states:::aws-sdk:organizations:listAccounts');
      expect(task.Next).toBe('More accounts?');
      expect(task.Assign.nextToken).toBe('{% $exists($states.result.NextToken) ? $states.result.NextToken : null %}');
      expect(task.Assign.accounts).toMatch(/^\{% \$append\(\$accounts, \$states\.result\.Accounts\[.*\]\.Id\) %\}$/);
      expect(task.Retry).toEqual([
        { ErrorEquals: ['Organizations.TooManyRequestsException', 'Organizations.ServiceException'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
      ]);
    }
    expect(first.Arguments).toEqual({ MaxResults: 20 });
    expect(next.Arguments).toEqual({ MaxResults: 20, NextToken: '{% $nextToken %}' });
    expect(def.States['More accounts?']).toEqual({
      Type: 'Choice',
      Choices: [{ Condition: '{% $nextToken != null %}', Next: 'List more accounts' }],
      Default: 'Sweep accounts',
    });
  });

  it('keeps ACTIVE accounts only (State, or the retired Status), ids only, and leaves out its own account', () => {
    const expr = def.States['List accounts'].Assign.accounts as string;
    expect(expr).toContain("State = 'ACTIVE'");
    expect(expr).toContain("$not($exists(State)) and Status = 'ACTIVE'");
    expect(expr).toContain(`$not(Id in ["${ACCOUNT}"])`);
    expect(def.States['List accounts'].Output).toEqual({});
  });

  it('leaves out the excluded accounts, and sweeps its own account when asked', () => {
    const excluded = definitionOf(synthOrg({ organization: { excludeAccounts: ['111111111111', '222222222222'] } }));
    expect(excluded.States['List accounts'].Assign.accounts).toContain(`$not(Id in ["111111111111", "222222222222", "${ACCOUNT}"])`);
    const own = definitionOf(synthOrg({ organization: { includeOwnAccount: true } }));
    expect(own.States['List accounts'].Assign.accounts).toContain('$not(Id in [])');
  });

  it('fans out in a Distributed Map of STANDARD child executions, 10 at a time, tolerating every item failure', () => {
    const map = def.States['Sweep accounts'];
    expect(map).toMatchObject({
      Type: 'Map',
      Items: '{% $accounts %}',
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 100,
      Label: MAP_LABEL,
      Next: 'Done',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Sweep account' },
    });
    expect(map.ItemSelector).toEqual({
      accountId: '{% $states.context.Map.Item.Value %}',
      runId: '{% $states.context.Execution.Name %}',
      now: '{% $states.context.Execution.StartTime %}',
    });
    expect(definitionOf(synthOrg({ organization: { maxConcurrency: 25 } })).States['Sweep accounts'].MaxConcurrency).toBe(25);
  });

  it('invokes the member-sweep function per account with the item as payload', () => {
    const task = def.States['Sweep accounts'].ItemProcessor.States['Sweep account'];
    expect(task.Resource).toBe('arn:[[Ref AWS::Partition]]:states:::lambda:invoke');
    expect(task.Arguments).toEqual({ FunctionName: `[[${fnId(s)}.Arn]]`, Payload: '{% $states.input %}' });
    expect(task.End).toBe(true);
    expect(task.Output).toContain("'accountId': $states.input.accountId, 'ok': true");
  });

  it('retries Lambda service errors and throttling with backoff, and an undelivered result once', () => {
    const task = def.States['Sweep accounts'].ItemProcessor.States['Sweep account'];
    expect(task.Retry).toEqual([
      { ErrorEquals: LAMBDA_SERVICE_ERRORS, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
      { ErrorEquals: ['DeliveryIncompleteError'], IntervalSeconds: 60, MaxAttempts: 1 },
    ]);
    expect(LAMBDA_SERVICE_ERRORS).toContain('Lambda.TooManyRequestsException');
    // The handler's own errors (MemberAccessError, MemberEventError) are not retried: a denied role stays denied.
    expect(task.Retry.flatMap((r: { ErrorEquals: string[] }) => r.ErrorEquals)).not.toContain('States.ALL');
  });

  it('catches any failure of an account into its result: account, error and a bounded cause', () => {
    const states = def.States['Sweep accounts'].ItemProcessor.States;
    expect(states['Sweep account'].Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        Next: 'Account failed',
        Output: `{% { 'accountId': $states.input.accountId, 'ok': false, 'error': $states.errorOutput.Error, 'cause': $substring($states.errorOutput.Cause, 0, ${CAUSE_CHARS}) } %}`,
      },
    ]);
    expect(states['Account failed']).toMatchObject({ Type: 'Pass', End: true });
  });

  it('ends with the run report: succeeded accounts and failed accounts with their error', () => {
    const done = def.States.Done;
    expect(done.Type).toBe('Succeed');
    expect(done.Output).toContain("'succeeded': [$states.input[ok].accountId]");
    expect(done.Output).toContain("'failed': [$states.input[$not(ok)].{ 'accountId': accountId, 'error': error, 'cause': cause }]");
    expect(done.Output).toContain("'runId': $states.context.Execution.Name");
  });

  it('starts on a daily schedule by default, with retries and a dead-letter queue', () => {
    const rules = resources(s.template, 'AWS::Events::Rule').filter(([id]) => id.startsWith('Organization'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties as any;
    expect(rule.ScheduleExpression).toBe('rate(1 day)');
    const [target] = rule.Targets;
    expect(target.Arn).toEqual({ Ref: s.stack.getLogicalId(s.stack.organization.stateMachine.node.defaultChild as never) });
    expect(target.Input).toBe('{}');
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 });
    expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toBe(s.stack.getLogicalId(s.stack.organization.startDeadLetterQueue.node.defaultChild as never));
  });

  it('follows the stack schedule setting', async () => {
    const { Schedule } = await import('aws-cdk-lib/aws-events');
    const custom = synthOrg({ reconciler: { schedule: Schedule.expression('cron(0 4 * * ? *)') } });
    const rule = resources(custom.template, 'AWS::Events::Rule').find(([id]) => id.startsWith('Organization'))!;
    expect((rule[1].Properties as any).ScheduleExpression).toBe('cron(0 4 * * ? *)');
  });

  it('configures the member sweep like the sweep, plus the member role name and external id', () => {
    const vars = (s.template.toJSON().Resources[fnId(s)].Properties.Environment.Variables) as Record<string, unknown>;
    expect(vars).toMatchObject({ TALLY_MODE: 'report', TALLY_SECURITY_HUB: 'true', TALLY_MAX_DEACTIVATIONS: '10', [MEMBER_ENV.memberRoleName]: 'tally-member-read', [MEMBER_ENV.externalId]: EXTERNAL_ID });
    for (const name of ['TALLY_APPROVALS_TABLE', 'TALLY_LEDGER_TABLE', 'TALLY_AUDIT_TABLE', 'TALLY_EVENT_BUS', 'TALLY_POLICY']) expect(vars[name], name).toBeDefined();
    const fn = s.template.toJSON().Resources[fnId(s)].Properties;
    expect(fn).toMatchObject({ Timeout: 900, MemorySize: 1024, Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
  });

  it('reads the stack\'s one kill switch parameter in the member sweep, shared with the sweep', () => {
    const parameters = resources(s.template, 'AWS::SSM::Parameter');
    expect(parameters).toHaveLength(1);
    const [id] = parameters[0]!;
    const vars = (s.template.toJSON().Resources[fnId(s)].Properties.Environment.Variables) as Record<string, unknown>;
    expect(vars.TALLY_KILL_SWITCH_PARAMETER).toEqual({ Ref: id });
    const roleId = s.stack.getLogicalId(s.stack.organization.memberSweep.role.node.defaultChild as never);
    const grants = (statementsByRole(s.template).get(roleId) ?? []).filter((st) => actionsOf(st).includes('ssm:GetParameter'));
    expect(grants.map(resourcesOf)).toEqual([[{ 'Fn::Join': ['', [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter`, { Ref: id }]] }]]);
  });

  it('alarms on member-sweep errors, failed or timed-out runs and undelivered starts', () => {
    const alarms = resources(s.template, 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('Organization')).map(([, a]) => (a.Properties as any).MetricName).sort();
    expect(alarms).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });

  it('refuses bad settings at synth, naming them', () => {
    expect(() => synthOrg({ organization: { excludeAccounts: ['12345'] } })).toThrow(/excludeAccounts must be 12-digit/);
    expect(() => synthOrg({ organization: { maxConcurrency: 0 } })).toThrow(/maxConcurrency/);
    expect(() => synthOrg({ organization: { externalId: 'x' } })).toThrow(/externalId/);
  });
});

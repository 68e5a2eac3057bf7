import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENV, readLambdaConfig } from '../../lib/config/lambda-config';
import { PROJECT_ROOT, RUNTIME_ENV_NAMES, TallyFunction } from '../../lib/constructs/tally-function';
import { TallyTables } from '../../lib/constructs/tally-tables';
import { actionsOf, resources, synth, type Synth } from './synth';

describe('TallyFunction in the stack', () => {
  let s: Synth;
  let functions: [string, { Properties: Record<string, any> }][];
  beforeAll(() => {
    s = synth();
    functions = resources(s.template, 'AWS::Lambda::Function') as typeof functions;
  });

  it('deploys three functions on Node.js 24, arm64, with active tracing', () => {
    expect(functions).toHaveLength(3);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Handler).toBe('index.handler');
    }
  });

  it('logs each function to its own log group kept one month', () => {
    const groups = resources(s.template, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(3);
    for (const [, g] of groups) expect(g.Properties?.RetentionInDays).toBe(30);
    const used = functions.map(([, fn]) => fn.Properties.LoggingConfig.LogGroup.Ref).sort();
    expect(used).toEqual(groups.map(([id]) => id).sort());
  });

  it('sets only LAMBDA_ENV names (and NODE_OPTIONS) in the environment', () => {
    const allowed = new Set<string>([...Object.values(LAMBDA_ENV), ...RUNTIME_ENV_NAMES]);
    for (const [id, fn] of functions) {
      const names = Object.keys(fn.Properties.Environment.Variables);
      expect(names.filter((n) => !allowed.has(n)), id).toEqual([]);
    }
  });

  it('gives every handler an environment its config reader accepts', () => {
    for (const [id, fn] of functions) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      // Table and bus names are CloudFormation references here; any non-empty name will do.
      const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : `resolved-${k}`]));
      const config = readLambdaConfig(env);
      expect(config.mode, id).toBe('report');
      expect(config.policy.exemptTag, id).toBe('tally:exempt');
    }
  });

  it('passes the enforcement settings to the sweep only', () => {
    const withCap = functions.filter(([, fn]) => LAMBDA_ENV.maxDeactivations in fn.Properties.Environment.Variables);
    expect(withCap.map(([id]) => id)).toEqual([s.stack.getLogicalId(s.stack.reconciler.sweep.function.node.defaultChild as never)]);
    expect(withCap[0]![1].Properties.Environment.Variables).toMatchObject({
      [LAMBDA_ENV.maxDeactivations]: '10',
      [LAMBDA_ENV.actionGraceDays]: '7',
      [LAMBDA_ENV.breakGlass]: '',
    });
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const [, role] of resources(s.template, 'AWS::IAM::Role')) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('writes logs only to the function’s own log group', () => {
    for (const [, policy] of resources(s.template, 'AWS::IAM::Policy')) {
      const statements = (policy.Properties as any).PolicyDocument.Statement as any[];
      const logs = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(logs[0].Resource['Fn::GetAtt'][1]).toBe('Arn');
    }
  });
});

describe('TallyFunction.bindTable', () => {
  it('grants the given actions on the table and its named indexes, and the key when it is customer managed', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'B', { env: { account: '123456789012', region: 'eu-west-1' } });
    const key = new Key(stack, 'Key');
    const tables = new TallyTables(stack, 'Data', { encryptionKey: key });
    const fn = new TallyFunction(stack, 'Fn', { entry: `${PROJECT_ROOT}lambdas/sweep.ts` });
    fn.bindTable(tables.approvals, { env: 'approvalsTable', actions: ['dynamodb:Query'], indexes: ['byPrincipal'] });
    fn.bindTable(tables.audit, { env: 'auditTable', actions: ['dynamodb:PutItem'] });
    const template = Template.fromStack(stack);
    const [, policy] = resources(template, 'AWS::IAM::Policy')[0]!;
    const statements = (policy.Properties as any).PolicyDocument.Statement as any[];
    const approvalsArn = { 'Fn::GetAtt': [stack.getLogicalId(tables.approvals.node.defaultChild as never), 'Arn'] };
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'dynamodb:Query',
      Resource: [approvalsArn, { 'Fn::Join': ['', [approvalsArn, '/index/byPrincipal']] }],
    });
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] };
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: keyArn });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: keyArn });
    const [, lambda] = resources(template, 'AWS::Lambda::Function')[0]!;
    expect(Object.keys((lambda.Properties as any).Environment.Variables).sort()).toEqual([LAMBDA_ENV.approvalsTable, LAMBDA_ENV.auditTable, 'NODE_OPTIONS'].sort());
  });

  it('refuses a wildcard action', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'W');
    const fn = new TallyFunction(stack, 'Fn', { entry: `${PROJECT_ROOT}lambdas/sweep.ts` });
    expect(() => fn.allow(['iam:*'], ['*'])).toThrow(/wildcard action/);
  });
});

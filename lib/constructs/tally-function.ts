import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LAMBDA_ENV } from '../config/lambda-config';
import { lambdaCode } from './lambda-code';
import { acknowledgeWildcardResource } from './nag';
import { PERMISSIONS, PLATFORM_PERMISSIONS } from './permissions';

/** A key of the handler environment contract (`LAMBDA_ENV`). */
export type LambdaEnvKey = keyof typeof LAMBDA_ENV;

/** Repository root: bundling runs from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Environment every function gets besides LAMBDA_ENV: source maps for stack traces (the bundle is
 * minified). Powertools' service name and namespace are set in code (lib/lambda/observability.ts).
 */
export const RUNTIME_ENV_NAMES = ['NODE_OPTIONS'] as const;

/** The Node.js runtime: the newest CDK knows, which is what cdk-nag's AwsSolutions-L1 asks for. */
export const TALLY_RUNTIME = Runtime.NODEJS_24_X;

export interface TallyFunctionProps {
  /** Handler entry file (TypeScript) exporting `handler`. */
  readonly entry: string;
  /** @default - none */
  readonly description?: string;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Retention of the function's own log group. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Handler environment by LAMBDA_ENV key (tables are added by {@link TallyFunction.bindTable}). @default {} */
  readonly environment?: Partial<Record<LambdaEnvKey, string>>;
  /** Dead-letter queue of asynchronous invocations. @default - none */
  readonly deadLetterQueue?: IQueue;
  /** Retries of a failed asynchronous invocation (0–2). @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /** Oldest asynchronous event still processed. @default Duration.hours(6) (Lambda's default) */
  readonly maxEventAge?: Duration;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
}

/** How a function uses a table: the actions (from `PERMISSIONS`) and the indexes it queries. */
export interface TableBinding {
  /** The LAMBDA_ENV key that carries the table name. */
  readonly env: LambdaEnvKey;
  readonly actions: readonly string[];
  /** GSIs the actions apply to as well (Query, Scan). @default [] */
  readonly indexes?: readonly string[];
  /** IAM conditions of the statement (e.g. `dynamodb:Attributes`). @default - none */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

const WRITE_ACTIONS = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']);

/**
 * A Tally Lambda function: NodejsFunction with code bundled locally by {@link lambdaCode} (ESM,
 * minified, source maps, `@aws-sdk/*` from the runtime, Tally's esbuild plugins), Node.js 24 on
 * arm64, X-Ray active tracing, its own log group with retention and its own role with only what is added here — no AWS managed policy.
 */
export class TallyFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TallyFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      ...(props.description ? { description: props.description } : {}),
    });
    // Written here instead of AWSLambdaBasicExecutionRole, and only on this function's log group.
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...PLATFORM_PERMISSIONS.logs], resources: [this.logGroup.logGroupArn] }));

    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps' };
    for (const [key, value] of Object.entries(props.environment ?? {})) environment[LAMBDA_ENV[key as LambdaEnvKey]] = value;

    this.function = new NodejsFunction(this, 'Function', {
      code: lambdaCode(props.entry, PROJECT_ROOT),
      handler: 'index.handler',
      runtime: TALLY_RUNTIME,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: props.memorySize ?? 512,
      environment,
      ...(props.description ? { description: props.description } : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      ...(props.maxEventAge ? { maxEventAge: props.maxEventAge } : {}),
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
    });
    acknowledgeWildcardResource(this.role, '*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions.');
  }

  /** Sets one handler environment variable by its LAMBDA_ENV key. */
  setEnv(key: LambdaEnvKey, value: string): this {
    this.function.addEnvironment(LAMBDA_ENV[key], value);
    return this;
  }

  /**
   * Binds a table in one call: its name into the environment under `binding.env`, and exactly
   * `binding.actions` on the table (and the named indexes). A table with a customer managed key
   * also gets kms:Decrypt/DescribeKey, plus Encrypt/GenerateDataKey when an action writes.
   */
  bindTable(table: ITableV2, binding: TableBinding): this {
    this.setEnv(binding.env, table.tableName);
    const resources = [table.tableArn, ...(binding.indexes ?? []).map((i) => `${table.tableArn}/index/${i}`)];
    this.allow(binding.actions, resources, binding.conditions);
    if (table.encryptionKey) {
      const writes = binding.actions.some((a) => WRITE_ACTIONS.has(a));
      this.allow(writes ? PLATFORM_PERMISSIONS.kmsWrite : PLATFORM_PERMISSIONS.kmsRead, [table.encryptionKey.keyArn]);
    }
    return this;
  }

  /**
   * Binds the kill switch in one call: its name into the environment, and `ssm:GetParameter` (what
   * key expiry declares) on that one parameter, so the function can read it before every key write.
   */
  bindKillSwitch(parameter: IStringParameter): this {
    this.setEnv('killSwitchParameter', parameter.parameterName);
    return this.allow(PERMISSIONS.keyExpiry.actions.killSwitch, [parameter.parameterArn]);
  }

  /** Allows `actions` on `resources` (no wildcard in either; see {@link allowWildcard}), under `conditions` if given. */
  allow(actions: readonly string[], resources: readonly string[], conditions?: Record<string, Record<string, unknown>>): this {
    if (actions.some((a) => a.includes('*'))) throw new Error(`TallyFunction ${this.node.path}: wildcard action in ${actions.join(', ')}`);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [...resources], ...(conditions ? { conditions } : {}) }));
    return this;
  }

  /**
   * Allows `actions` on a resource pattern with a wildcard (`*`, or `…:user/*`), and acknowledges
   * cdk-nag's AwsSolutions-IAM5 for exactly that resource with `reason`.
   */
  allowWildcard(actions: readonly string[], resource: string, reason: string): this {
    this.allow(actions, [resource]);
    acknowledgeWildcardResource(this.role, resource, reason);
    return this;
  }
}

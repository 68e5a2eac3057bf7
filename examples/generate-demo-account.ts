/**
 * Generates the "Northwind" demo account: AWS CLI exports of a small account (IAM, credential
 * report, Secrets Manager) and the approvals that should cover it.
 *
 *   npx tsx examples/generate-demo-account.ts
 *
 * Deterministic: every id, suffix and date derives from names and from the fixed sweep instant
 * below, so regenerating gives byte-identical files. No dependencies beyond node.
 *
 * The account is built so that a sweep at NOW with the default policy yields every finding type;
 * the designed cases are listed in README.md ("designed case → expected finding").
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'demo-account');
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
/** The sweep runs at this instant (`--now`). */
const NOW = Date.UTC(2026, 10, 20, 0, 0, 0);
/** `GeneratedTime` of the credential report; the other exports were taken minutes later. */
const REPORT_TIME = '2026-11-19T23:40:00+00:00';
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Helpers: deterministic ids, dates in the shapes AWS tools print, canonical JSON hashes.

function hash(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** IAM unique ids: 4-letter prefix + 17 characters of [A-Z2-7] (AIDA…, AROA…, AGPA…, ANPA…, AIPA…). */
function iamId(prefix: 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA', name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = hash(`${prefix}:${name}`);
  let out = prefix;
  for (let i = 0; i < 17; i++) out += alphabet[bytes[i]! % 32];
  return out;
}

/** The 6-character random suffix Secrets Manager appends to a secret ARN. */
function secretSuffix(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = hash(`secret:${name}`);
  let out = '';
  for (let i = 0; i < 6; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

function uuid(seed: string): string {
  const h = hash(`uuid:${seed}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Milliseconds of `daysAgo` calendar days before NOW's date, at `time` (HH:MM:SS, UTC). */
function instant(daysAgo: number, time = '00:00:00'): number {
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  return NOW - daysAgo * DAY + ((h * 60 + m) * 60 + s) * 1000;
}

/** IAM and credential report form: `2025-03-14T09:21:07+00:00`. */
function iam(daysAgo: number, time = '00:00:00'): string {
  return new Date(instant(daysAgo, time)).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Secrets Manager via the AWS CLI: epoch floats printed with microseconds, midnight without. */
function sm(daysAgo: number, time = '00:00:00', micros = 0): string {
  const base = new Date(instant(daysAgo, time)).toISOString().slice(0, 19);
  return micros === 0 ? `${base}+00:00` : `${base}.${String(micros).padStart(6, '0')}+00:00`;
}

/** Approval records use `Z` form (DESIGN.md). */
function z(daysAgo: number, time = '00:00:00'): string {
  return new Date(instant(daysAgo, time)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with keys sorted at every depth and no whitespace. */
function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash an inline-policy approval pins: sha256 hex of the canonical JSON of the document. */
function documentSha256(doc: Json): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function write(file: string, data: unknown): void {
  writeFileSync(join(OUT, file), `${JSON.stringify(data, null, 2)}\n`);
}

const stmt = (Action: string | string[], Resource: string | string[], extra: Record<string, Json> = {}): Json => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const doc = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });

// ---------------------------------------------------------------------------------------------
// Managed policies (customer-managed ones in full; the AWS-managed ones this account attaches are
// referenced by ARN, and a few small ones carry their document as GAAD would return them).

const AWS = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const CUSTOMER = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

interface PolicySpec {
  arn: string;
  path: string;
  name: string;
  description?: string;
  created: string;
  /** Versions oldest first; the last one is the default. */
  versions: { doc: Json; created: string }[];
  /** Listed in GAAD `Policies` (customer-managed always; AWS-managed when we carry the document). */
  listed: boolean;
}

const POL = {
  // AWS managed
  admin: AWS('AdministratorAccess'),
  readOnly: AWS('ReadOnlyAccess'),
  securityAudit: AWS('SecurityAudit'),
  billing: AWS('job-function/Billing'),
  s3Read: AWS('AmazonS3ReadOnlyAccess'),
  rdsRead: AWS('AmazonRDSReadOnlyAccess'),
  cwLogsFull: AWS('CloudWatchLogsFullAccess'),
  backupOperator: AWS('AWSBackupOperatorAccess'),
  sesFull: AWS('AmazonSESFullAccess'),
  ecrRead: AWS('AmazonEC2ContainerRegistryReadOnly'),
  athenaFull: AWS('AmazonAthenaFullAccess'),
  ssmCore: AWS('AmazonSSMManagedInstanceCore'),
  redshiftData: AWS('AmazonRedshiftDataFullAccess'),
  lambdaBasic: AWS('service-role/AWSLambdaBasicExecutionRole'),
  ecsExec: AWS('service-role/AmazonECSTaskExecutionRolePolicy'),
  backupService: AWS('service-role/AWSBackupServiceRolePolicyForBackup'),
  configRole: AWS('service-role/AWS_ConfigRole'),
  glueService: AWS('service-role/AWSGlueServiceRole'),
  rdsMonitoring: AWS('service-role/AmazonRDSEnhancedMonitoringRole'),
  supportSlr: AWS('aws-service-role/AWSSupportServiceRolePolicy'),
  trustedAdvisorSlr: AWS('aws-service-role/AWSTrustedAdvisorServiceRolePolicy'),
  // customer managed
  devSandbox: CUSTOMER('/', 'NorthwindDeveloperSandbox'),
  ciDeploy: CUSTOMER('/service/', 'NorthwindCiDeploy'),
  dataLakeRead: CUSTOMER('/service/', 'NorthwindDataLakeRead'),
  logShipping: CUSTOMER('/service/', 'NorthwindLogShipping'),
  jenkinsArtifacts: CUSTOMER('/service/', 'JenkinsArtifactsWrite'),
  accountVending: CUSTOMER('/service/', 'NorthwindAccountVending'),
  mlPipeline: CUSTOMER('/service/', 'NorthwindMlPipeline'),
  cdnInvalidate: CUSTOMER('/service/', 'NorthwindCdnInvalidate'),
  datadogForwarder: CUSTOMER('/service/', 'DatadogLogForwarder'),
  ordersQueue: CUSTOMER('/service/', 'NorthwindOrdersQueue'),
  secretsRotation: CUSTOMER('/service/', 'NorthwindSecretsRotation'),
} as const;

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const pathOf = (arn: string) => {
  const after = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  return after.slice(0, after.lastIndexOf('/') + 1);
};

function awsManaged(arn: string, created: string, updated: string, d: Json, description: string): PolicySpec {
  return { arn, path: pathOf(arn), name: nameOf(arn), description, created, versions: [{ doc: d, created: updated }], listed: true };
}
function customer(arn: string, description: string, versions: { doc: Json; created: string }[]): PolicySpec {
  return { arn, path: pathOf(arn), name: nameOf(arn), description, created: versions[0]!.created, versions, listed: true };
}

const POLICIES: PolicySpec[] = [
  awsManaged(POL.admin, '2015-02-06T18:39:46+00:00', '2015-02-06T18:39:46+00:00', doc(stmt('*', '*')), 'Provides full access to AWS services and resources.'),
  awsManaged(
    POL.s3Read,
    '2015-02-06T18:40:59+00:00',
    '2023-08-10T21:31:39+00:00',
    doc(stmt(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], '*')),
    'Provides read only access to all buckets via the AWS Management Console.',
  ),
  awsManaged(
    POL.cwLogsFull,
    '2015-02-06T18:40:49+00:00',
    '2023-08-30T21:08:38+00:00',
    doc({ Sid: 'CloudWatchLogsFullAccess', Effect: 'Allow', Action: ['logs:*', 'cloudwatch:GenerateQuery'], Resource: '*' }),
    'Provides full access to CloudWatch Logs',
  ),
  awsManaged(
    POL.ecrRead,
    '2015-12-21T17:06:48+00:00',
    '2019-12-10T20:56:32+00:00',
    doc(
      stmt(
        [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:GetRepositoryPolicy',
          'ecr:DescribeRepositories',
          'ecr:ListImages',
          'ecr:DescribeImages',
          'ecr:BatchGetImage',
          'ecr:GetLifecyclePolicy',
          'ecr:GetLifecyclePolicyPreview',
          'ecr:ListTagsForResource',
          'ecr:DescribeImageScanFindings',
        ],
        '*',
      ),
    ),
    'Provides read-only access to Amazon EC2 Container Registry repositories.',
  ),
  awsManaged(
    POL.lambdaBasic,
    '2015-04-09T15:03:43+00:00',
    '2015-04-09T15:03:43+00:00',
    doc(stmt(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')),
    'Provides write permissions to CloudWatch Logs.',
  ),
  customer(POL.devSandbox, 'Developers: full access to the sandbox account resources tagged env=sandbox', [
    {
      doc: doc(stmt(['ec2:*', 'lambda:*', 'logs:*'], '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'sandbox' } } })),
      created: iam(640, '10:12:41'),
    },
  ]),
  customer(POL.ciDeploy, 'CI: deploy ECS services and upload artifacts', [
    {
      doc: doc(
        stmt(['ecs:UpdateService', 'ecs:DescribeServices', 'ecs:RegisterTaskDefinition'], '*'),
        stmt(['s3:PutObject', 's3:GetObject'], 'arn:aws:s3:::northwind-ci-artifacts/*'),
      ),
      created: iam(610, '14:03:09'),
    },
    {
      doc: doc(
        stmt(['ecs:UpdateService', 'ecs:DescribeServices', 'ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition'], '*'),
        stmt(['s3:PutObject', 's3:GetObject'], 'arn:aws:s3:::northwind-ci-artifacts/*'),
        stmt('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/*-task-role`, { Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }),
      ),
      created: iam(301, '09:47:55'),
    },
  ]),
  customer(POL.dataLakeRead, 'Read the curated data lake', [
    {
      doc: doc(
        stmt(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::northwind-datalake-curated', 'arn:aws:s3:::northwind-datalake-curated/*']),
        stmt(['glue:GetTable', 'glue:GetTables', 'glue:GetDatabase', 'glue:GetPartitions'], '*'),
      ),
      created: iam(520, '11:30:02'),
    },
  ]),
  customer(POL.logShipping, 'Ship application logs to the central log group', [
    {
      doc: doc(stmt(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/northwind/apps/*`)),
      created: iam(160, '15:20:44'),
    },
  ]),
  customer(POL.jenkinsArtifacts, 'Legacy Jenkins: push build artifacts', [
    { doc: doc(stmt(['s3:PutObject', 's3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::northwind-jenkins-artifacts', 'arn:aws:s3:::northwind-jenkins-artifacts/*'])), created: iam(1210, '08:05:13') },
  ]),
  customer(POL.accountVending, 'Account vending: create member accounts and their baseline roles', [
    {
      doc: doc(
        stmt(['organizations:CreateAccount', 'organizations:DescribeCreateAccountStatus', 'organizations:MoveAccount', 'organizations:TagResource'], '*'),
        stmt('sts:AssumeRole', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'),
      ),
      created: iam(330, '16:41:27'),
    },
  ]),
  customer(POL.mlPipeline, 'ML pipeline: training jobs and model artifacts', [
    {
      doc: doc(
        stmt(['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'], '*'),
        stmt(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::northwind-ml-artifacts/*'),
      ),
      created: iam(1, '21:41:06'),
    },
  ]),
  customer(POL.cdnInvalidate, 'Invalidate the storefront CloudFront distribution', [
    { doc: doc(stmt(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`)), created: iam(480, '13:13:13') },
  ]),
  customer(POL.datadogForwarder, 'Datadog log forwarder (legacy user-based integration)', [
    { doc: doc(stmt(['logs:DescribeLogGroups', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'tag:GetResources'], '*')), created: iam(700, '10:00:51') },
  ]),
  customer(POL.ordersQueue, 'orders-api: order queue and table', [
    {
      doc: doc(
        stmt(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-*`),
        stmt(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`),
      ),
      created: iam(560, '09:09:09'),
    },
  ]),
  customer(POL.secretsRotation, 'Rotation Lambdas: rotate secrets under prod/ and staging/', [
    {
      doc: doc(
        stmt(
          ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
          [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/*`, `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:staging/*`],
        ),
        stmt('secretsmanager:GetRandomPassword', '*'),
      ),
      created: iam(590, '12:44:30'),
    },
  ]),
];

// ---------------------------------------------------------------------------------------------
// Secrets (declared before IAM: inline policies reference their ARNs).

interface SecretSpec {
  name: string;
  description: string;
  created: string;
  kmsKeyId?: string;
  rotation?: { days: number; lambda?: string; lastRotated?: string; next?: string };
  lastChanged: string;
  lastAccessed?: string;
  tags: Record<string, string>;
  owningService?: string;
  /** Creation of AWSCURRENT when the secret was never rotated by Secrets Manager. */
  currentVersionCreated?: string;
}

const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${secretSuffix(name)}`;
const CMK = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${uuid('kms:prod-secrets')}`;
const rotationFn = (fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`;
const RDS_SECRET = 'rds!db-8f3b2c61-4d0e-4a7b-9c15-2e6f0d9a7b34';

const SECRETS: SecretSpec[] = [
  {
    name: 'prod/payments/db',
    description: 'Payments PostgreSQL application user',
    created: sm(812, '10:14:05', 331000),
    kmsKeyId: CMK,
    rotation: { days: 30, lambda: rotationFn('SecretsManagerRDSPostgreSQLRotationSingleUser'), lastRotated: sm(12, '03:12:44', 512000), next: sm(-18, '23:59:59') },
    lastChanged: sm(12, '03:12:44', 633000),
    lastAccessed: sm(1),
    tags: { team: 'payments', env: 'prod', 'data-classification': 'pci' },
  },
  {
    name: 'prod/payments/stripe-api-key',
    description: 'Stripe restricted key used by payments-api',
    created: sm(790, '16:02:10', 104000),
    kmsKeyId: CMK,
    rotation: { days: 60, lambda: rotationFn('stripe-key-rotation'), lastRotated: sm(25, '04:00:12', 870000), next: sm(-35, '23:59:59') },
    lastChanged: sm(25, '04:00:13', 12000),
    lastAccessed: sm(1),
    tags: { team: 'payments', env: 'prod', 'data-classification': 'pci' },
  },
  {
    name: 'prod/orders/db',
    description: 'Orders PostgreSQL application user',
    created: sm(760, '09:31:50', 220000),
    kmsKeyId: CMK,
    // Rotation enabled, but the rotation Lambda has been failing since a VPC change: last success 141 days ago (value 140 days old at the sweep).
    rotation: { days: 30, lambda: rotationFn('SecretsManagerRDSPostgreSQLRotationSingleUser'), lastRotated: sm(141, '02:05:31', 90000), next: sm(-1, '23:59:59') },
    lastChanged: sm(141, '02:05:31', 412000),
    lastAccessed: sm(1),
    tags: { team: 'orders', env: 'prod' },
  },
  {
    name: 'prod/marketing/mailchimp-api-key',
    description: 'Mailchimp API key for the newsletter sync (campaign tool retired in July)',
    created: sm(900, '11:45:00', 5000),
    rotation: { days: 180, lambda: rotationFn('mailchimp-key-rotation'), lastRotated: sm(130, '05:00:03', 441000), next: sm(-50, '23:59:59') },
    lastChanged: sm(130, '05:00:03', 587000),
    lastAccessed: sm(121),
    tags: { team: 'marketing', env: 'prod' },
  },
  {
    name: 'ext/partner-api/credentials',
    description: 'Client credentials issued by Contoso Freight; rotated by the partner, pasted in by the integrations team',
    created: sm(688, '14:22:31', 718000),
    lastChanged: sm(9, '15:40:12', 256000),
    lastAccessed: sm(1),
    tags: { team: 'integrations', env: 'prod', partner: 'contoso-freight' },
    currentVersionCreated: sm(9, '15:40:12', 104000),
  },
  {
    name: RDS_SECRET,
    description: `Secret associated with primary RDS DB instance: arn:aws:rds:${REGION}:${ACCOUNT}:db:billing-prod`,
    created: sm(410, '08:00:41', 947000),
    rotation: { days: 7, lastRotated: sm(3, '06:14:27', 300000), next: sm(-4, '23:59:59') },
    lastChanged: sm(3, '06:14:27', 377000),
    lastAccessed: sm(1),
    tags: {
      'aws:rds:primaryDBInstanceArn': `arn:aws:rds:${REGION}:${ACCOUNT}:db:billing-prod`,
      'aws:secretsmanager:owningService': 'rds',
    },
    owningService: 'rds',
  },
  {
    name: 'prod/search/opensearch-master',
    description: 'OpenSearch fine-grained access control master user',
    created: sm(540, '13:37:21', 640000),
    rotation: { days: 90, lambda: rotationFn('opensearch-master-rotation'), lastRotated: sm(61, '03:30:10', 15000), next: sm(-29, '23:59:59') },
    lastChanged: sm(61, '03:30:10', 199000),
    lastAccessed: sm(2),
    tags: { team: 'search', env: 'prod' },
  },
  {
    name: 'prod/ci/github-app-private-key',
    description: 'Private key of the northwind-deployer GitHub App',
    created: sm(420, '10:10:10', 101000),
    kmsKeyId: CMK,
    rotation: { days: 90, lambda: rotationFn('github-app-key-rotation'), lastRotated: sm(44, '02:00:55', 800000), next: sm(-46, '23:59:59') },
    lastChanged: sm(44, '02:00:56', 2000),
    lastAccessed: sm(1),
    tags: { team: 'platform', env: 'prod' },
  },
  {
    name: 'prod/datadog/api-key',
    description: 'Datadog API key for the agent fleet',
    created: sm(700, '09:58:00', 450000),
    rotation: { days: 90, lambda: rotationFn('datadog-key-rotation'), lastRotated: sm(33, '04:44:44', 444000), next: sm(-57, '23:59:59') },
    lastChanged: sm(33, '04:44:44', 612000),
    lastAccessed: sm(1),
    tags: { team: 'platform', env: 'prod' },
  },
  {
    name: 'staging/payments/db',
    description: 'Payments PostgreSQL application user (staging)',
    created: sm(805, '10:20:00', 1000),
    rotation: { days: 30, lambda: rotationFn('SecretsManagerRDSPostgreSQLRotationSingleUser'), lastRotated: sm(16, '03:10:02', 230000), next: sm(-14, '23:59:59') },
    lastChanged: sm(16, '03:10:02', 301000),
    lastAccessed: sm(3),
    tags: { team: 'payments', env: 'staging' },
  },
  {
    name: 'staging/orders/db',
    description: 'Orders PostgreSQL application user (staging)',
    created: sm(755, '09:40:12', 600000),
    rotation: { days: 30, lambda: rotationFn('SecretsManagerRDSPostgreSQLRotationSingleUser'), lastRotated: sm(8, '03:05:40', 910000), next: sm(-22, '23:59:59') },
    lastChanged: sm(8, '03:05:41', 55000),
    lastAccessed: sm(4),
    tags: { team: 'orders', env: 'staging' },
  },
  {
    name: 'prod/reporting/looker-client-secret',
    description: 'Looker API client secret for scheduled reports',
    created: sm(31, '11:02:37', 275000),
    rotation: { days: 90, lambda: rotationFn('looker-client-rotation'), lastRotated: sm(30, '11:20:00', 120000), next: sm(-60, '23:59:59') },
    lastChanged: sm(30, '11:20:00', 240000),
    lastAccessed: sm(2),
    tags: { team: 'data', env: 'prod' },
  },
  {
    name: 'prod/auth/jwt-signing-key',
    description: 'Signing key for customer session tokens',
    created: sm(600, '07:07:07', 707000),
    kmsKeyId: CMK,
    rotation: { days: 30, lambda: rotationFn('jwt-signing-key-rotation'), lastRotated: sm(5, '01:00:09', 330000), next: sm(-25, '23:59:59') },
    lastChanged: sm(5, '01:00:09', 481000),
    lastAccessed: sm(1),
    tags: { team: 'identity', env: 'prod' },
  },
  {
    name: 'prod/notifications/twilio-auth-token',
    description: 'Twilio auth token for SMS notifications',
    created: sm(450, '12:12:12', 120000),
    rotation: { days: 90, lambda: rotationFn('twilio-token-rotation'), lastRotated: sm(71, '05:30:00', 640000), next: sm(-19, '23:59:59') },
    lastChanged: sm(71, '05:30:00', 790000),
    lastAccessed: sm(1),
    tags: { team: 'notifications', env: 'prod' },
  },
  {
    name: 'prod/sftp/acme-logistics-ssh-key',
    description: 'SSH host key presented to Acme Logistics on the SFTP endpoint',
    created: sm(505, '16:16:16', 160000),
    rotation: { days: 90, lambda: rotationFn('sftp-host-key-rotation'), lastRotated: sm(50, '02:22:22', 220000), next: sm(-40, '23:59:59') },
    lastChanged: sm(50, '02:22:22', 390000),
    lastAccessed: sm(1),
    tags: { team: 'integrations', env: 'prod', partner: 'acme-logistics' },
  },
];

// ---------------------------------------------------------------------------------------------
// IAM users, their keys (credential report) and console access.

interface KeySpec {
  active: boolean;
  created: string;
  lastUsed?: string;
  region?: string;
  service?: string;
}
interface UserSpec {
  name: string;
  path: string;
  created: string;
  groups?: string[];
  managed?: string[];
  inline?: { name: string; doc: Json }[];
  tags?: Record<string, string>;
  console?: { lastUsed: string; changed: string; mfa: boolean };
  keys?: KeySpec[];
}

const userArn = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:user${path}${name}`;
const roleArn = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const groupArn = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:group${path}${name}`;

const key = (created: string, lastUsed?: string, service = 's3', region = REGION): KeySpec =>
  lastUsed === undefined ? { active: true, created } : { active: true, created, lastUsed, service, region };

/** The inline policies whose approvals pin a document hash. */
const INLINE = {
  billingExportWrite: doc({
    Sid: 'WriteCostAndUsageExports',
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
    Resource: 'arn:aws:s3:::northwind-billing-exports/cur/*',
  }),
  paymentsQueueApproved: doc(
    stmt(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], `arn:aws:sqs:${REGION}:${ACCOUNT}:payments-settlement`),
  ),
  // What is attached now: someone widened it "temporarily" to debug a KMS error.
  paymentsQueueObserved: doc(
    stmt(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], `arn:aws:sqs:${REGION}:${ACCOUNT}:payments-settlement`),
    stmt(['sqs:*', 'kms:Decrypt'], '*'),
  ),
  sftpAcmeBucket: doc(
    stmt(['s3:PutObject', 's3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::northwind-sftp-acme', 'arn:aws:s3:::northwind-sftp-acme/*']),
  ),
  paymentsSecretsRead: doc(
    stmt('secretsmanager:GetSecretValue', [secretArn('prod/payments/db'), secretArn('prod/payments/stripe-api-key')]),
    stmt('kms:Decrypt', CMK, { Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } } }),
  ),
};

const STAFF = '/staff/';
const SVC = '/service/';

const USERS: UserSpec[] = [
  // Staff: console users with MFA, permissions through groups.
  { name: 'alice.moreno', path: STAFF, created: iam(1480, '09:02:11'), groups: ['Admins'], tags: { team: 'platform', email: 'alice.moreno@northwind.example' }, console: { lastUsed: iam(1, '08:41:02'), changed: iam(75, '10:00:31'), mfa: true } },
  { name: 'ben.kowalski', path: STAFF, created: iam(930, '10:15:40'), groups: ['Developers'], tags: { team: 'orders', email: 'ben.kowalski@northwind.example' }, console: { lastUsed: iam(1, '09:12:55'), changed: iam(120, '09:00:00'), mfa: true } },
  { name: 'chloe.nguyen', path: STAFF, created: iam(610, '11:20:05'), groups: ['Developers'], tags: { team: 'payments', email: 'chloe.nguyen@northwind.example' }, console: { lastUsed: iam(2, '14:30:19'), changed: iam(33, '08:55:47'), mfa: true } },
  { name: 'dmitri.okafor', path: STAFF, created: iam(720, '08:48:33'), groups: ['SecurityAuditors'], tags: { team: 'security', email: 'dmitri.okafor@northwind.example' }, console: { lastUsed: iam(1, '07:58:14'), changed: iam(60, '07:30:00'), mfa: true } },
  { name: 'erin.walsh', path: STAFF, created: iam(1100, '13:05:59'), groups: ['BillingViewers'], tags: { team: 'finance', email: 'erin.walsh@northwind.example' }, console: { lastUsed: iam(6, '16:02:44'), changed: iam(200, '12:12:12'), mfa: true } },
  // Contractor: an extra direct policy whose approval expired on 2026-10-31.
  { name: 'farid.haddad', path: STAFF, created: iam(150, '09:30:00'), groups: ['Developers'], managed: [POL.rdsRead], tags: { team: 'orders', email: 'farid.haddad@contractor.northwind.example', contractor: 'true' }, console: { lastUsed: iam(3, '10:41:27'), changed: iam(150, '09:35:12'), mfa: true } },
  // Left the company: access revoked in ACC-77, membership never removed.
  { name: 'grace.lindqvist', path: STAFF, created: iam(1250, '08:00:00'), groups: ['Developers'], tags: { team: 'search', email: 'grace.lindqvist@northwind.example' }, console: { lastUsed: iam(41, '17:55:08'), changed: iam(160, '09:09:09'), mfa: true } },
  // Added to Admins "for the migration weekend" without a ticket.
  { name: 'hiro.tanaka', path: STAFF, created: iam(380, '10:45:12'), groups: ['Admins', 'Developers'], tags: { team: 'platform', email: 'hiro.tanaka@northwind.example' }, console: { lastUsed: iam(1, '11:03:30'), changed: iam(95, '10:10:10'), mfa: true } },
  // Break-glass administrator: console only, hardware MFA in the safe.
  { name: 'break-glass-admin', path: '/emergency/', created: iam(1400, '12:00:00'), managed: [POL.admin], tags: { purpose: 'break-glass', owner: 'security@northwind.example' }, console: { lastUsed: iam(212, '02:14:51'), changed: iam(212, '03:02:10'), mfa: true } },
  // Shadow admin: created by hand during a migration, never ticketed.
  { name: 'temp-migration-admin', path: '/', created: iam(18, '19:22:40'), managed: [POL.admin], keys: [key(iam(18, '19:24:03'), iam(1, '16:45:00'), 'ec2')] },

  // Service accounts.
  { name: 'svc-billing-export', path: SVC, created: iam(410, '10:00:12'), managed: [POL.s3Read], inline: [{ name: 'billing-export-write', doc: INLINE.billingExportWrite }], tags: { team: 'finance', owner: 'finance-eng@northwind.example' }, keys: [key(iam(60, '10:05:33'), iam(1, '06:00:00'), 's3')] },
  { name: 'svc-ci-deployer', path: SVC, created: iam(600, '14:10:00'), groups: ['ci-deployers'], tags: { team: 'platform' }, keys: [key(iam(75, '09:12:40'), iam(1, '22:45:00'), 'ecs'), key(iam(12, '15:31:08'), iam(1, '23:00:00'), 'ecs')] },
  { name: 'svc-release-bot', path: SVC, created: iam(300, '11:11:11'), groups: ['ci-deployers'], tags: { team: 'platform' }, keys: [key(iam(25, '11:40:20'), iam(1, '18:30:00'), 's3')] },
  { name: 'svc-terraform', path: SVC, created: iam(880, '09:00:00'), inline: [{ name: 'assume-terraform-role', doc: doc(stmt('sts:AssumeRole', roleArn('/', 'TerraformStateRole'))) }], tags: { team: 'platform' }, keys: [key(iam(45, '08:20:00'), iam(1, '20:15:00'), 'sts')] },
  { name: 'svc-datadog-integration', path: SVC, created: iam(700, '10:02:30'), managed: [POL.datadogForwarder], tags: { team: 'platform', vendor: 'datadog' }, keys: [key(iam(86, '13:20:45'), iam(81, '10:45:00'), 'logs')] },
  { name: 'jenkins-legacy', path: SVC, created: iam(1210, '08:10:00'), managed: [POL.jenkinsArtifacts], tags: { team: 'platform', decommission: '2027-Q1' }, keys: [key(iam(201, '09:14:22'), iam(3, '02:30:00'), 's3')] },
  { name: 'svc-looker-reports', path: SVC, created: iam(31, '11:00:02'), groups: ['data-readers'], tags: { team: 'data' }, keys: [key(iam(31, '11:01:47'))] },
  { name: 'svc-ml-pipeline', path: SVC, created: iam(1, '21:58:40'), managed: [POL.mlPipeline], tags: { team: 'data' }, keys: [key('2026-11-19T22:00:00+00:00')] },
  { name: 'sftp-acme-logistics', path: '/vendor/', created: iam(505, '16:20:00'), inline: [{ name: 'sftp-acme-bucket', doc: INLINE.sftpAcmeBucket }], tags: { 'tally:exempt': 'vendor SFTP, see SEC-500', vendor: 'acme-logistics' }, keys: [key(iam(401, '16:25:10'), iam(1, '04:15:00'), 's3')] },
  { name: 'svc-account-vending', path: SVC, created: iam(330, '16:45:00'), managed: [POL.accountVending], tags: { team: 'platform' }, keys: [key(iam(41, '08:30:00'), iam(1, '13:00:00'), 'organizations', 'us-east-1')] },
  { name: 'svc-log-shipper', path: SVC, created: iam(160, '15:30:00'), managed: [POL.cwLogsFull], tags: { team: 'platform' }, keys: [key(iam(30, '09:45:00'), iam(1, '23:15:00'), 'logs')] },
  { name: 'svc-payments-worker', path: SVC, created: iam(520, '10:30:00'), inline: [{ name: 'payments-queue-access', doc: INLINE.paymentsQueueObserved }], tags: { team: 'payments' }, keys: [key(iam(50, '10:10:10'), iam(1, '23:30:00'), 'sqs')] },
  { name: 'svc-analytics-etl', path: SVC, created: iam(515, '11:35:00'), groups: ['data-readers'], tags: { team: 'data' }, keys: [key(iam(20, '07:00:00'), iam(1, '05:00:00'), 's3')] },
  { name: 'svc-backup-verifier', path: SVC, created: iam(365, '12:00:00'), managed: [POL.backupOperator], tags: { team: 'platform' }, keys: [key(iam(70, '12:30:00'), iam(1, '03:15:00'), 'backup')] },
  { name: 'svc-pagerduty-webhook', path: SVC, created: iam(240, '14:14:14'), inline: [{ name: 'sns-publish-alerts', doc: doc(stmt('sns:Publish', `arn:aws:sns:${REGION}:${ACCOUNT}:pagerduty-alerts`)) }], tags: { team: 'sre' }, keys: [key(iam(10, '14:20:00'), iam(1, '17:00:00'), 'sns')] },
  { name: 'svc-security-scanner', path: SVC, created: iam(720, '09:00:00'), groups: ['SecurityAuditors'], tags: { team: 'security' }, keys: [key(iam(33, '09:05:00'), iam(1, '01:00:00'), 'iam', 'us-east-1')] },
  { name: 'svc-cdn-invalidator', path: SVC, created: iam(480, '13:20:00'), managed: [POL.cdnInvalidate], tags: { team: 'web' }, keys: [key(iam(55, '13:25:00'), iam(2, '10:30:00'), 'cloudfront', 'us-east-1')] },
  { name: 'svc-ses-mailer', path: SVC, created: iam(980, '10:00:00'), managed: [POL.sesFull], tags: { team: 'notifications' }, keys: [key(iam(88, '10:40:00'), iam(1, '23:30:00'), 'ses')] },
  // Key 2 was rotated out and deactivated, not deleted: inactive keys count for nothing.
  { name: 'svc-status-page', path: SVC, created: iam(800, '08:08:08'), inline: [{ name: 'cloudwatch-read-metrics', doc: doc(stmt(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], '*')) }], tags: { team: 'sre' }, keys: [key(iam(15, '08:15:00'), iam(1, '23:15:00'), 'monitoring'), { active: false, created: iam(300, '08:10:00'), lastUsed: iam(16, '07:45:00'), region: REGION, service: 'monitoring' }] },
  { name: 'svc-ecr-pull', path: SVC, created: iam(400, '15:00:00'), managed: [POL.ecrRead], tags: { team: 'platform', cluster: 'onprem-k8s' }, keys: [key(iam(40, '15:05:00'), iam(1, '22:30:00'), 'ecr')] },
];

/** In the credential report, gone from IAM: deleted after the report was generated. */
const DELETED_AFTER_REPORT: UserSpec = { name: 'svc-old-etl', path: SVC, created: iam(900, '10:00:00'), keys: [key(iam(500, '10:05:00'), iam(95, '04:00:00'), 's3')] };

// ---------------------------------------------------------------------------------------------
// Groups and roles.

interface GroupSpec {
  name: string;
  path: string;
  created: string;
  managed: string[];
}
const GROUPS: GroupSpec[] = [
  { name: 'Admins', path: '/', created: iam(1480, '08:55:00'), managed: [POL.admin] },
  { name: 'BillingViewers', path: '/', created: iam(1100, '13:00:00'), managed: [POL.billing] },
  { name: 'Developers', path: '/', created: iam(1300, '09:00:00'), managed: [POL.readOnly, POL.devSandbox] },
  { name: 'SecurityAuditors', path: '/', created: iam(720, '08:40:00'), managed: [POL.securityAudit] },
  { name: 'ci-deployers', path: SVC, created: iam(610, '14:00:00'), managed: [POL.ciDeploy] },
  { name: 'data-readers', path: SVC, created: iam(520, '11:25:00'), managed: [POL.dataLakeRead] },
];

interface RoleSpec {
  name: string;
  path: string;
  created: string;
  description?: string;
  trust: Json;
  managed?: string[];
  inline?: { name: string; doc: Json; urlEncoded?: boolean }[];
  tags?: Record<string, string>;
  lastUsed?: { date: string; region: string };
  instanceProfile?: boolean;
}

const service = (svc: string, extra: Record<string, Json> = {}): Json =>
  doc({ Effect: 'Allow', Principal: { Service: svc }, Action: 'sts:AssumeRole', ...extra });

const DATADOG_ACCOUNT = '464622532012';
const ORG_MANAGEMENT_ACCOUNT = '111122223333';
const SECURITY_TOOLING_ACCOUNT = '444455556666';
const CONTRACTOR_ACCOUNT = '210987654321';
const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

const ROLES: RoleSpec[] = [
  {
    name: 'AWSServiceRoleForSupport',
    path: '/aws-service-role/support.amazonaws.com/',
    created: iam(1480, '08:30:12'),
    description: 'Enables resource access for AWS to provide billing, administrative and support services',
    trust: service('support.amazonaws.com'),
    managed: [POL.supportSlr],
    // Used long ago: service-linked roles are excluded from UNUSED_ROLE.
    lastUsed: { date: iam(300, '14:02:00'), region: 'us-east-1' },
  },
  {
    name: 'AWSServiceRoleForTrustedAdvisor',
    path: '/aws-service-role/trustedadvisor.amazonaws.com/',
    created: iam(1480, '08:30:14'),
    description: 'Access for the AWS Trusted Advisor Service to help reduce cost, increase performance, and improve security of your AWS environment.',
    trust: service('trustedadvisor.amazonaws.com'),
    managed: [POL.trustedAdvisorSlr],
    lastUsed: { date: iam(1, '06:00:00'), region: 'us-east-1' },
  },
  {
    name: 'DatadogIntegrationRole',
    path: '/',
    created: iam(690, '10:30:00'),
    description: 'Datadog AWS integration',
    trust: doc(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DATADOG_ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b1e4c0ffee5d4a2f9e8d7c6b5a4f3e2d' } } },
      // Added by hand "to debug a dashboard" for a contractor's account, no ExternalId: not in the ticket.
      { Effect: 'Allow', Principal: { AWS: CONTRACTOR_ACCOUNT }, Action: 'sts:AssumeRole' },
    ),
    managed: [POL.securityAudit],
    tags: { vendor: 'datadog' },
    lastUsed: { date: iam(1, '23:10:00'), region: 'us-east-1' },
  },
  {
    name: 'FlowLogsDeliveryRole',
    path: '/',
    created: iam(900, '11:11:00'),
    trust: service('vpc-flow-logs.amazonaws.com'),
    inline: [{ name: 'flow-logs-to-cwl', doc: doc(stmt(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'], '*')) }],
    lastUsed: { date: iam(1, '23:00:00'), region: REGION },
  },
  {
    name: 'GitHubActionsDeployRole',
    path: '/',
    created: iam(420, '09:45:00'),
    description: 'Assumed by GitHub Actions in northwind/* repositories to deploy',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: GITHUB_OIDC },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:northwind/*:ref:refs/heads/main' },
      },
    }),
    managed: [POL.ciDeploy],
    tags: { team: 'platform' },
    lastUsed: { date: iam(1, '22:40:00'), region: REGION },
  },
  {
    name: 'LegacyReportingRole',
    path: '/',
    created: iam(1000, '10:00:00'),
    description: 'EC2 reporting box (replaced by QuickSight)',
    trust: service('ec2.amazonaws.com'),
    managed: [POL.athenaFull],
    tags: { team: 'data' },
    lastUsed: { date: iam(151, '05:30:00'), region: REGION },
    instanceProfile: true,
  },
  {
    name: 'OrganizationAccountAccessRole',
    path: '/',
    created: iam(1480, '08:29:00'),
    trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ORG_MANAGEMENT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
    managed: [POL.admin],
    lastUsed: { date: iam(10, '15:12:00'), region: 'us-east-1' },
  },
  {
    name: 'QuickSightDataSourceRole',
    path: '/',
    created: iam(200, '13:00:00'),
    trust: service('quicksight.amazonaws.com'),
    managed: [POL.dataLakeRead],
    tags: { team: 'data' },
    lastUsed: { date: iam(3, '07:00:00'), region: REGION },
  },
  {
    name: 'SecurityAuditRole',
    path: '/',
    created: iam(720, '08:45:00'),
    description: 'Read-only audit access for the security tooling account',
    trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SECURITY_TOOLING_ACCOUNT}:role/security-tooling-scanner` }, Action: 'sts:AssumeRole' }),
    managed: [POL.securityAudit],
    tags: { team: 'security' },
    lastUsed: { date: iam(2, '04:00:00'), region: REGION },
  },
  {
    name: 'TerraformStateRole',
    path: '/',
    created: iam(880, '09:05:00'),
    description: 'Assumed by svc-terraform to apply infrastructure changes',
    trust: doc({ Effect: 'Allow', Principal: { AWS: userArn(SVC, 'svc-terraform') }, Action: 'sts:AssumeRole' }),
    managed: [POL.admin],
    tags: { team: 'platform' },
    lastUsed: { date: iam(1, '20:16:00'), region: REGION },
  },
  {
    name: 'backup-service-role',
    path: '/service-role/',
    created: iam(365, '12:05:00'),
    trust: service('backup.amazonaws.com'),
    managed: [POL.backupService],
    lastUsed: { date: iam(1, '02:00:00'), region: REGION },
  },
  {
    name: 'config-recorder-role',
    path: '/service-role/',
    created: iam(1000, '09:30:00'),
    trust: service('config.amazonaws.com'),
    managed: [POL.configRole],
    lastUsed: { date: iam(1, '23:20:00'), region: REGION },
  },
  {
    name: 'ec2-bastion-role',
    path: '/',
    created: iam(800, '10:20:00'),
    trust: service('ec2.amazonaws.com'),
    managed: [POL.ssmCore],
    lastUsed: { date: iam(1, '23:25:00'), region: REGION },
    instanceProfile: true,
  },
  {
    name: 'ecsTaskExecutionRole',
    path: '/',
    created: iam(950, '14:00:00'),
    trust: service('ecs-tasks.amazonaws.com', { Sid: '' }),
    managed: [POL.ecsExec],
    lastUsed: { date: iam(1, '23:05:00'), region: REGION },
  },
  {
    name: 'glue-etl-role',
    path: '/service-role/',
    created: iam(20, '10:00:00'),
    description: 'Glue jobs of the new curated-zone ETL (not yet scheduled)',
    trust: service('glue.amazonaws.com'),
    managed: [POL.glueService, POL.dataLakeRead],
    tags: { team: 'data' },
  },
  {
    name: 'lambda-billing-export-role',
    path: '/service-role/',
    created: iam(410, '10:10:00'),
    trust: service('lambda.amazonaws.com'),
    managed: [POL.lambdaBasic],
    lastUsed: { date: iam(1, '06:00:00'), region: REGION },
  },
  {
    name: 'lambda-secrets-rotation-role',
    path: '/service-role/',
    created: iam(590, '12:50:00'),
    trust: service('lambda.amazonaws.com'),
    managed: [POL.lambdaBasic, POL.secretsRotation],
    lastUsed: { date: iam(3, '06:14:00'), region: REGION },
  },
  {
    name: 'orders-api-task-role',
    path: '/',
    created: iam(560, '09:10:00'),
    trust: service('ecs-tasks.amazonaws.com'),
    managed: [POL.ordersQueue],
    tags: { team: 'orders' },
    lastUsed: { date: iam(1, '23:35:00'), region: REGION },
  },
  {
    name: 'payments-api-task-role',
    path: '/',
    created: iam(800, '10:40:00'),
    trust: service('ecs-tasks.amazonaws.com'),
    // Stored URL-encoded, as the IAM API and the JS SDK v3 return documents.
    inline: [{ name: 'payments-secrets-read', doc: INLINE.paymentsSecretsRead, urlEncoded: true }],
    tags: { team: 'payments' },
    lastUsed: { date: iam(1, '23:35:00'), region: REGION },
  },
  {
    name: 'rds-monitoring-role',
    path: '/',
    created: iam(760, '09:20:00'),
    trust: service('monitoring.rds.amazonaws.com'),
    managed: [POL.rdsMonitoring],
    lastUsed: { date: iam(1, '23:30:00'), region: REGION },
  },
];

// ---------------------------------------------------------------------------------------------
// Approvals (DESIGN.md import format). One record per approved entitlement.

type Entitlement =
  | { kind: 'identity' }
  | { kind: 'managed-policy'; policyArn: string }
  | { kind: 'inline-policy'; policyName: string; documentSha256?: string }
  | { kind: 'group-membership'; group: string }
  | { kind: 'access-key'; maxKeys: number }
  | { kind: 'role-trust'; principals: string[] }
  | { kind: 'secret'; rotationDays?: number };

interface ApprovalRecord {
  ticketId: string;
  principal: string;
  entitlement: Entitlement;
  approvedBy: string;
  approvedAt: string;
  expiresAt?: string;
  risk: 'standard' | 'privileged';
  status: 'approved' | 'revoked';
  provisionedAt?: string;
  verifiedAt?: string;
}

const SECURITY_LEAD = 'priya.shah@northwind.example';
const PLATFORM_LEAD = 'alice.moreno@northwind.example';
const ENG_MANAGER = 'marco.bianchi@northwind.example';
const DATA_LEAD = 'sofia.reyes@northwind.example';
const FINANCE_LEAD = 'omar.farouk@northwind.example';

const U = (name: string) => {
  const u = USERS.find((x) => x.name === name);
  return u ? userArn(u.path, u.name) : userArn(STAFF, name);
};
const R = (name: string) => {
  const r = ROLES.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name}`);
  return roleArn(r.path, r.name);
};
const G = (name: string) => {
  const g = GROUPS.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return groupArn(g.path, g.name);
};

function approve(
  ticketId: string,
  principal: string,
  entitlement: Entitlement,
  approvedBy: string,
  approvedAt: string,
  extra: Partial<Omit<ApprovalRecord, 'ticketId' | 'principal' | 'entitlement' | 'approvedBy' | 'approvedAt'>> = {},
): ApprovalRecord {
  return { ticketId, principal, entitlement, approvedBy, approvedAt, risk: 'standard', status: 'approved', ...extra };
}
const mp = (policyArn: string): Entitlement => ({ kind: 'managed-policy', policyArn });
const gm = (group: string): Entitlement => ({ kind: 'group-membership', group });
const ak = (maxKeys = 1): Entitlement => ({ kind: 'access-key', maxKeys });
const inl = (policyName: string, pin?: Json): Entitlement =>
  pin === undefined ? { kind: 'inline-policy', policyName } : { kind: 'inline-policy', policyName, documentSha256: documentSha256(pin) };
const trust = (...principals: string[]): Entitlement => ({ kind: 'role-trust', principals });
const sec = (rotationDays?: number): Entitlement => (rotationDays === undefined ? { kind: 'secret' } : { kind: 'secret', rotationDays });
const PRIV = { risk: 'privileged' } as const;

const APPROVALS: ApprovalRecord[] = [
  // Groups: their own policies are approved on the group ARN.
  approve('SEC-118', G('Admins'), mp(POL.admin), SECURITY_LEAD, z(1470, '10:00:00'), PRIV),
  approve('ACC-12', G('BillingViewers'), mp(POL.billing), FINANCE_LEAD, z(1095, '09:00:00')),
  approve('CHG-0917', G('Developers'), mp(POL.readOnly), PLATFORM_LEAD, z(640, '09:30:00')),
  approve('CHG-0917', G('Developers'), mp(POL.devSandbox), PLATFORM_LEAD, z(640, '09:30:00')),
  approve('SEC-204', G('SecurityAuditors'), mp(POL.securityAudit), SECURITY_LEAD, z(722, '15:00:00')),
  approve('CHG-0955', G('ci-deployers'), mp(POL.ciDeploy), PLATFORM_LEAD, z(612, '11:00:00')),
  approve('CHG-0981', G('data-readers'), mp(POL.dataLakeRead), DATA_LEAD, z(522, '10:00:00')),

  // Staff.
  approve('SEC-311', U('alice.moreno'), gm('Admins'), SECURITY_LEAD, z(171, '09:00:00'), { ...PRIV, expiresAt: '2027-05-31T00:00:00Z', verifiedAt: z(8, '04:00:00') }),
  // The previous Admins approval for alice expired; SEC-311 renewed it (superseded → RECONCILED).
  approve('SEC-240', U('alice.moreno'), gm('Admins'), SECURITY_LEAD, z(536, '09:00:00'), { ...PRIV, expiresAt: '2026-05-31T00:00:00Z' }),
  approve('ACC-31', U('ben.kowalski'), gm('Developers'), ENG_MANAGER, z(931, '08:00:00')),
  approve('ACC-44', U('chloe.nguyen'), gm('Developers'), ENG_MANAGER, z(611, '08:30:00')),
  approve('SEC-204', U('dmitri.okafor'), gm('SecurityAuditors'), SECURITY_LEAD, z(722, '15:00:00')),
  approve('ACC-12', U('erin.walsh'), gm('BillingViewers'), FINANCE_LEAD, z(1101, '09:00:00')),
  approve('ACC-57', U('farid.haddad'), gm('Developers'), ENG_MANAGER, z(151, '14:00:00'), { expiresAt: '2027-01-31T00:00:00Z' }),
  approve('ACC-58', U('farid.haddad'), mp(POL.rdsRead), ENG_MANAGER, z(151, '14:05:00'), { expiresAt: '2026-10-31T00:00:00Z' }),
  approve('ACC-77', U('grace.lindqvist'), gm('Developers'), ENG_MANAGER, z(1251, '08:00:00'), { status: 'revoked' }),
  approve('ACC-70', U('hiro.tanaka'), gm('Developers'), ENG_MANAGER, z(381, '10:00:00')),
  // New starter approved two hours before the sweep: not provisioned yet.
  approve('ACC-91', U('ian.price'), { kind: 'identity' }, ENG_MANAGER, '2026-11-19T22:00:00Z'),
  approve('ACC-91', U('ian.price'), gm('Developers'), ENG_MANAGER, '2026-11-19T22:00:00Z'),
  // Offboarded properly: revoked and the user is gone.
  approve('ACC-52', U('tom.becker'), gm('Developers'), ENG_MANAGER, z(1000, '09:00:00'), { status: 'revoked' }),
  approve('SEC-105', userArn('/emergency/', 'break-glass-admin'), mp(POL.admin), SECURITY_LEAD, z(1401, '10:00:00'), PRIV),

  // Service users.
  approve('CHG-1042', U('svc-billing-export'), mp(POL.s3Read), FINANCE_LEAD, z(411, '10:00:00'), { expiresAt: '2027-03-01T00:00:00Z' }),
  approve('CHG-1042', U('svc-billing-export'), inl('billing-export-write', INLINE.billingExportWrite), FINANCE_LEAD, z(411, '10:00:00'), { expiresAt: '2027-03-01T00:00:00Z' }),
  approve('CHG-1042', U('svc-billing-export'), ak(), FINANCE_LEAD, z(411, '10:00:00'), { expiresAt: '2027-03-01T00:00:00Z' }),
  approve('CHG-0955', U('svc-ci-deployer'), gm('ci-deployers'), PLATFORM_LEAD, z(612, '11:00:00')),
  approve('CHG-0955', U('svc-ci-deployer'), ak(1), PLATFORM_LEAD, z(612, '11:00:00')),
  approve('CHG-0955', U('svc-release-bot'), gm('ci-deployers'), PLATFORM_LEAD, z(301, '10:00:00')),
  approve('CHG-0955', U('svc-release-bot'), ak(), PLATFORM_LEAD, z(301, '10:00:00')),
  approve('CHG-1101', U('svc-terraform'), inl('assume-terraform-role'), PLATFORM_LEAD, z(881, '09:00:00')),
  approve('CHG-1101', U('svc-terraform'), ak(), PLATFORM_LEAD, z(881, '09:00:00')),
  approve('CHG-1010', U('svc-datadog-integration'), mp(POL.datadogForwarder), PLATFORM_LEAD, z(701, '09:00:00')),
  approve('CHG-1010', U('svc-datadog-integration'), ak(), PLATFORM_LEAD, z(701, '09:00:00')),
  approve('CHG-0412', U('jenkins-legacy'), mp(POL.jenkinsArtifacts), PLATFORM_LEAD, z(1211, '08:00:00')),
  approve('CHG-0412', U('jenkins-legacy'), ak(), PLATFORM_LEAD, z(1211, '08:00:00')),
  approve('CHG-1150', U('svc-looker-reports'), gm('data-readers'), DATA_LEAD, z(32, '10:00:00')),
  approve('CHG-1150', U('svc-looker-reports'), ak(), DATA_LEAD, z(32, '10:00:00')),
  // Approved four hours before the sweep and provisioned at once: reconciled, its fresh key unused but in grace.
  approve('CHG-1207', U('svc-ml-pipeline'), mp(POL.mlPipeline), DATA_LEAD, '2026-11-19T20:00:00Z', { provisionedAt: '2026-11-19T22:00:00Z' }),
  approve('CHG-1207', U('svc-ml-pipeline'), ak(), DATA_LEAD, '2026-11-19T20:00:00Z', { provisionedAt: '2026-11-19T22:00:00Z' }),
  approve('SEC-500', userArn('/vendor/', 'sftp-acme-logistics'), inl('sftp-acme-bucket', INLINE.sftpAcmeBucket), SECURITY_LEAD, z(506, '15:00:00')),
  approve('SEC-500', userArn('/vendor/', 'sftp-acme-logistics'), ak(), SECURITY_LEAD, z(506, '15:00:00')),
  approve('SEC-388', U('svc-account-vending'), mp(POL.accountVending), SECURITY_LEAD, z(331, '16:00:00'), PRIV),
  approve('SEC-388', U('svc-account-vending'), ak(), SECURITY_LEAD, z(331, '16:00:00'), PRIV),
  approve('CHG-1122', U('svc-log-shipper'), mp(POL.logShipping), PLATFORM_LEAD, z(161, '15:00:00')),
  approve('CHG-1122', U('svc-log-shipper'), ak(), PLATFORM_LEAD, z(161, '15:00:00')),
  approve('CHG-1066', U('svc-payments-worker'), inl('payments-queue-access', INLINE.paymentsQueueApproved), ENG_MANAGER, z(521, '10:00:00')),
  approve('CHG-1066', U('svc-payments-worker'), ak(), ENG_MANAGER, z(521, '10:00:00')),
  approve('CHG-0981', U('svc-analytics-etl'), gm('data-readers'), DATA_LEAD, z(516, '11:00:00')),
  // Approved on the user, provided through the approved data-readers membership.
  approve('CHG-0981', U('svc-analytics-etl'), mp(POL.dataLakeRead), DATA_LEAD, z(516, '11:00:00')),
  approve('CHG-0981', U('svc-analytics-etl'), ak(), DATA_LEAD, z(516, '11:00:00')),
  approve('CHG-1077', U('svc-backup-verifier'), mp(POL.backupOperator), PLATFORM_LEAD, z(366, '11:00:00')),
  approve('CHG-1077', U('svc-backup-verifier'), ak(), PLATFORM_LEAD, z(366, '11:00:00')),
  approve('CHG-1130', U('svc-pagerduty-webhook'), inl('sns-publish-alerts'), PLATFORM_LEAD, z(241, '14:00:00')),
  approve('CHG-1130', U('svc-pagerduty-webhook'), ak(), PLATFORM_LEAD, z(241, '14:00:00')),
  approve('SEC-204', U('svc-security-scanner'), gm('SecurityAuditors'), SECURITY_LEAD, z(722, '15:00:00')),
  approve('SEC-204', U('svc-security-scanner'), ak(), SECURITY_LEAD, z(722, '15:00:00')),
  approve('CHG-1088', U('svc-cdn-invalidator'), mp(POL.cdnInvalidate), PLATFORM_LEAD, z(481, '13:00:00')),
  approve('CHG-1088', U('svc-cdn-invalidator'), ak(), PLATFORM_LEAD, z(481, '13:00:00')),
  approve('CHG-1019', U('svc-ses-mailer'), mp(POL.sesFull), ENG_MANAGER, z(981, '09:00:00')),
  approve('CHG-1019', U('svc-ses-mailer'), ak(), ENG_MANAGER, z(981, '09:00:00')),
  approve('CHG-1140', U('svc-status-page'), inl('cloudwatch-read-metrics'), PLATFORM_LEAD, z(801, '08:00:00')),
  approve('CHG-1140', U('svc-status-page'), ak(), PLATFORM_LEAD, z(801, '08:00:00')),
  approve('CHG-1095', U('svc-ecr-pull'), mp(POL.ecrRead), PLATFORM_LEAD, z(401, '14:00:00')),
  approve('CHG-1095', U('svc-ecr-pull'), ak(), PLATFORM_LEAD, z(401, '14:00:00')),
  // Approved ten days ago, never created.
  approve('CHG-1193', userArn(SVC, 'svc-warehouse-sync'), { kind: 'identity' }, DATA_LEAD, '2026-11-09T15:30:00Z'),
  approve('CHG-1193', userArn(SVC, 'svc-warehouse-sync'), mp(POL.redshiftData), DATA_LEAD, '2026-11-09T15:30:00Z'),

  // Roles.
  approve('CHG-1010', R('DatadogIntegrationRole'), mp(POL.securityAudit), PLATFORM_LEAD, z(691, '09:00:00')),
  approve('CHG-1010', R('DatadogIntegrationRole'), trust(`arn:aws:iam::${DATADOG_ACCOUNT}:root`), SECURITY_LEAD, z(691, '09:00:00')),
  approve('CHG-0870', R('FlowLogsDeliveryRole'), inl('flow-logs-to-cwl'), PLATFORM_LEAD, z(901, '10:00:00')),
  approve('CHG-1160', R('GitHubActionsDeployRole'), mp(POL.ciDeploy), PLATFORM_LEAD, z(421, '09:00:00')),
  approve('CHG-1160', R('GitHubActionsDeployRole'), trust(GITHUB_OIDC), SECURITY_LEAD, z(421, '09:00:00')),
  approve('CHG-0533', R('LegacyReportingRole'), mp(POL.athenaFull), DATA_LEAD, z(1001, '09:00:00')),
  // Trust approved by account id: compared as arn:aws:iam::111122223333:root.
  approve('SEC-102', R('OrganizationAccountAccessRole'), mp(POL.admin), SECURITY_LEAD, z(1480, '08:00:00'), PRIV),
  approve('SEC-102', R('OrganizationAccountAccessRole'), trust(ORG_MANAGEMENT_ACCOUNT), SECURITY_LEAD, z(1480, '08:00:00'), PRIV),
  approve('CHG-0981', R('QuickSightDataSourceRole'), mp(POL.dataLakeRead), DATA_LEAD, z(201, '12:00:00')),
  approve('SEC-204', R('SecurityAuditRole'), mp(POL.securityAudit), SECURITY_LEAD, z(722, '15:00:00')),
  approve('SEC-204', R('SecurityAuditRole'), trust(`arn:aws:iam::${SECURITY_TOOLING_ACCOUNT}:role/security-tooling-scanner`), SECURITY_LEAD, z(722, '15:00:00')),
  approve('CHG-1101', R('TerraformStateRole'), mp(POL.admin), SECURITY_LEAD, z(881, '09:00:00'), PRIV),
  approve('CHG-1077', R('backup-service-role'), mp(POL.backupService), PLATFORM_LEAD, z(366, '11:00:00')),
  approve('SEC-150', R('config-recorder-role'), mp(POL.configRole), SECURITY_LEAD, z(1001, '09:00:00')),
  approve('CHG-0899', R('ec2-bastion-role'), mp(POL.ssmCore), PLATFORM_LEAD, z(801, '10:00:00')),
  approve('CHG-0902', R('ecsTaskExecutionRole'), mp(POL.ecsExec), PLATFORM_LEAD, z(951, '13:00:00')),
  approve('CHG-1175', R('glue-etl-role'), mp(POL.glueService), DATA_LEAD, z(21, '09:00:00')),
  approve('CHG-1175', R('glue-etl-role'), mp(POL.dataLakeRead), DATA_LEAD, z(21, '09:00:00')),
  approve('CHG-1042', R('lambda-billing-export-role'), mp(POL.lambdaBasic), FINANCE_LEAD, z(411, '10:00:00')),
  approve('SEC-330', R('lambda-secrets-rotation-role'), mp(POL.lambdaBasic), SECURITY_LEAD, z(591, '12:00:00')),
  approve('SEC-330', R('lambda-secrets-rotation-role'), mp(POL.secretsRotation), SECURITY_LEAD, z(591, '12:00:00')),
  approve('CHG-0990', R('orders-api-task-role'), mp(POL.ordersQueue), ENG_MANAGER, z(561, '09:00:00')),
  approve('CHG-1066', R('payments-api-task-role'), inl('payments-secrets-read', INLINE.paymentsSecretsRead), ENG_MANAGER, z(801, '10:00:00')),
  approve('CHG-0899', R('rds-monitoring-role'), mp(POL.rdsMonitoring), PLATFORM_LEAD, z(761, '09:00:00')),

  // Secrets: named by full ARN, by name, or by ARN without the random suffix.
  approve('SEC-340', secretArn('prod/payments/db'), sec(30), SECURITY_LEAD, z(813, '09:00:00'), PRIV),
  approve('CHG-1066', 'prod/payments/stripe-api-key', sec(60), ENG_MANAGER, z(791, '15:00:00')),
  approve('CHG-0990', secretArn('prod/orders/db'), sec(), ENG_MANAGER, z(761, '09:00:00')),
  approve('CHG-0760', 'prod/marketing/mailchimp-api-key', sec(180), ENG_MANAGER, z(901, '11:00:00')),
  approve('CHG-1030', secretArn('ext/partner-api/credentials'), sec(), ENG_MANAGER, z(689, '14:00:00')),
  approve('CHG-0944', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/search/opensearch-master`, sec(), PLATFORM_LEAD, z(541, '13:00:00')),
  approve('CHG-1160', secretArn('prod/ci/github-app-private-key'), sec(), SECURITY_LEAD, z(421, '09:00:00')),
  approve('CHG-1010', 'prod/datadog/api-key', sec(), PLATFORM_LEAD, z(701, '09:00:00')),
  approve('CHG-1066', 'staging/payments/db', sec(), ENG_MANAGER, z(806, '10:00:00')),
  approve('CHG-0990', 'staging/orders/db', sec(), ENG_MANAGER, z(756, '09:00:00')),
  approve('CHG-1150', secretArn('prod/reporting/looker-client-secret'), sec(), DATA_LEAD, z(32, '10:00:00')),
  approve('SEC-355', secretArn('prod/auth/jwt-signing-key'), sec(30), SECURITY_LEAD, z(601, '07:00:00')),
  approve('CHG-1130', 'prod/notifications/twilio-auth-token', sec(), PLATFORM_LEAD, z(451, '12:00:00')),
  approve('SEC-500', secretArn('prod/sftp/acme-logistics-ssh-key'), sec(), SECURITY_LEAD, z(506, '15:00:00')),
];

// ---------------------------------------------------------------------------------------------
// Rendering: AWS CLI shapes.

function renderUser(u: UserSpec) {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: iamId('AIDA', u.name),
    Arn: userArn(u.path, u.name),
    CreateDate: u.created,
    ...(u.inline?.length ? { UserPolicyList: u.inline.map((p) => ({ PolicyName: p.name, PolicyDocument: p.doc })) } : {}),
    GroupList: u.groups ?? [],
    AttachedManagedPolicies: (u.managed ?? []).map((arn) => ({ PolicyName: nameOf(arn), PolicyArn: arn })),
    ...(u.tags && Object.keys(u.tags).length ? { Tags: tagList(u.tags) } : {}),
  };
}

function renderGroup(g: GroupSpec) {
  return {
    Path: g.path,
    GroupName: g.name,
    GroupId: iamId('AGPA', g.name),
    Arn: groupArn(g.path, g.name),
    CreateDate: g.created,
    GroupPolicyList: [],
    AttachedManagedPolicies: g.managed.map((arn) => ({ PolicyName: nameOf(arn), PolicyArn: arn })),
  };
}

function roleSummary(r: RoleSpec) {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: iamId('AROA', r.name),
    Arn: roleArn(r.path, r.name),
    CreateDate: r.created,
    AssumeRolePolicyDocument: r.trust,
  };
}

function renderRole(r: RoleSpec) {
  const profile = {
    Path: '/',
    InstanceProfileName: r.name,
    InstanceProfileId: iamId('AIPA', r.name),
    Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${r.name}`,
    CreateDate: r.created,
    Roles: [roleSummary(r)],
  };
  return {
    ...roleSummary(r),
    InstanceProfileList: r.instanceProfile ? [profile] : [],
    RolePolicyList: (r.inline ?? []).map((p) => ({
      PolicyName: p.name,
      PolicyDocument: p.urlEncoded ? encodeURIComponent(JSON.stringify(p.doc, null, 4)) : p.doc,
    })),
    AttachedManagedPolicies: (r.managed ?? []).map((arn) => ({ PolicyName: nameOf(arn), PolicyArn: arn })),
    ...(r.tags && Object.keys(r.tags).length ? { Tags: tagList(r.tags) } : {}),
    RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {},
  };
}

function attachmentCount(arn: string): number {
  const all = [...USERS.map((u) => u.managed ?? []), ...GROUPS.map((g) => g.managed), ...ROLES.map((r) => r.managed ?? [])];
  return all.filter((list) => list.includes(arn)).length;
}

function renderPolicy(p: PolicySpec) {
  const last = p.versions.length;
  return {
    PolicyName: p.name,
    PolicyId: iamId('ANPA', p.arn),
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: `v${last}`,
    AttachmentCount: attachmentCount(p.arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(p.description ? { Description: p.description } : {}),
    CreateDate: p.created,
    UpdateDate: p.versions[last - 1]!.created,
    PolicyVersionList: p.versions
      .map((v, i) => ({ Document: v.doc, VersionId: `v${i + 1}`, IsDefaultVersion: i === last - 1, CreateDate: v.created }))
      .reverse(),
  };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function writeGaad(): void {
  const users = [...USERS].sort(byName).map(renderUser);
  const groups = [...GROUPS].sort(byName).map(renderGroup);
  const roles = [...ROLES].sort(byName).map(renderRole);
  const policies = POLICIES.filter((p) => p.listed).map(renderPolicy);
  // MaxItems 40: IAM fills a page in entity order (users, groups, roles, policies).
  const firstRoles = 40 - users.length - groups.length;
  const marker = Buffer.from(hash('gaad-page-2')).toString('base64').replace(/=+$/, '');
  write('iam-authorization-details-1.json', {
    UserDetailList: users,
    GroupDetailList: groups,
    RoleDetailList: roles.slice(0, firstRoles),
    Policies: [],
    IsTruncated: true,
    Marker: `AQ${marker}`,
  });
  write('iam-authorization-details-2.json', {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: roles.slice(firstRoles),
    Policies: policies,
    IsTruncated: false,
  });
}

const CSV_HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

function keyColumns(k: KeySpec | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [String(k.active), k.created, k.lastUsed ?? 'N/A', k.region ?? 'N/A', k.service ?? 'N/A'];
}

function reportRow(u: UserSpec): string[] {
  const c = u.console;
  return [
    u.name,
    userArn(u.path, u.name),
    u.created,
    c ? 'true' : 'false',
    c ? c.lastUsed : 'N/A',
    c ? c.changed : 'N/A',
    'N/A',
    c?.mfa ? 'true' : 'false',
    ...keyColumns(u.keys?.[0]),
    ...keyColumns(u.keys?.[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ];
}

function writeCredentialReport(): void {
  const root = [
    '<root_account>',
    `arn:aws:iam::${ACCOUNT}:root`,
    iam(1480, '08:15:31'),
    'not_supported',
    iam(17, '14:22:10'),
    'not_supported',
    'not_supported',
    'true',
    // One root access key, created years ago and still in use by an old backup script.
    'true',
    iam(1450, '10:02:44'),
    '2026-09-30T07:45:00+00:00',
    'us-east-1',
    's3',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const rows = [root, ...[...USERS, DELETED_AFTER_REPORT].sort(byName).map(reportRow)];
  for (const row of rows) if (row.length !== CSV_HEADER.length) throw new Error(`credential report row ${row[0]} has ${row.length} columns`);
  const csv = [CSV_HEADER, ...rows].map((r) => r.join(',')).join('\n');
  write('credential-report.json', {
    Content: Buffer.from(csv, 'utf8').toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: REPORT_TIME,
  });
}

function versionIds(s: SecretSpec): { current: string; previous: string } {
  return { current: uuid(`${s.name}:current`), previous: uuid(`${s.name}:previous`) };
}

function renderSecret(s: SecretSpec) {
  const v = versionIds(s);
  const r = s.rotation;
  return {
    ARN: secretArn(s.name),
    Name: s.name,
    Description: s.description,
    ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
    RotationEnabled: r !== undefined,
    ...(r?.lambda ? { RotationLambdaARN: r.lambda } : {}),
    ...(r ? { RotationRules: { AutomaticallyAfterDays: r.days } } : {}),
    ...(r?.lastRotated ? { LastRotatedDate: r.lastRotated } : {}),
    LastChangedDate: s.lastChanged,
    ...(s.lastAccessed ? { LastAccessedDate: s.lastAccessed } : {}),
    ...(r?.next ? { NextRotationDate: r.next } : {}),
    Tags: tagList(s.tags),
    SecretVersionsToStages: { [v.previous]: ['AWSPREVIOUS'], [v.current]: ['AWSCURRENT'] },
    ...(s.owningService ? { OwningService: s.owningService } : {}),
    CreatedDate: s.created,
    PrimaryRegion: REGION,
  };
}

function writeSecrets(): void {
  write('secrets.json', { SecretList: SECRETS.map(renderSecret) });
  const partner = SECRETS.find((s) => s.name === 'ext/partner-api/credentials')!;
  const v = versionIds(partner);
  write('secret-versions-ext-partner-api.json', {
    Versions: [
      { VersionId: v.previous, VersionStages: ['AWSPREVIOUS'], LastAccessedDate: sm(10), CreatedDate: sm(190, '10:03:27', 518000), KmsKeyIds: ['DefaultEncryptionKey'] },
      { VersionId: v.current, VersionStages: ['AWSCURRENT'], LastAccessedDate: partner.lastAccessed!, CreatedDate: partner.currentVersionCreated!, KmsKeyIds: ['DefaultEncryptionKey'] },
    ],
    ARN: secretArn(partner.name),
    Name: partner.name,
  });
}

/** Approval principals that are deliberately absent from IAM (designed cases). */
const INTENTIONALLY_MISSING = new Set([U('ian.price'), U('tom.becker'), userArn(SVC, 'svc-warehouse-sync')]);

/** Fails the generation when an approval names something the account does not hold, unless designed so. */
function checkApprovalPrincipals(): void {
  const iamArns = new Set([
    ...USERS.map((u) => userArn(u.path, u.name)),
    ...ROLES.map((r) => roleArn(r.path, r.name)),
    ...GROUPS.map((g) => groupArn(g.path, g.name)),
  ]);
  const secretRefs = new Set(SECRETS.flatMap((s) => [s.name, secretArn(s.name), `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${s.name}`]));
  for (const a of APPROVALS) {
    const known = a.entitlement.kind === 'secret' ? secretRefs.has(a.principal) : iamArns.has(a.principal);
    if (known === INTENTIONALLY_MISSING.has(a.principal)) {
      throw new Error(`${a.ticketId}: ${a.principal} is ${known ? 'present but listed as missing' : 'missing from the account'}`);
    }
  }
}

checkApprovalPrincipals();
writeGaad();
writeCredentialReport();
writeSecrets();
write('approvals.json', APPROVALS);
console.log(
  `demo-account: ${USERS.length} users, ${ROLES.length} roles, ${GROUPS.length} groups, ${SECRETS.length} secrets, ` +
    `${APPROVALS.length} approval records from ${new Set(APPROVALS.map((a) => a.ticketId)).size} tickets`,
);

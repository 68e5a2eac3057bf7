import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

/** IAM service prefix of each SDK package Tally uses. */
const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-sfn': 'states',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-accessanalyzer': 'access-analyzer',
  '@aws-sdk/client-account': 'account',
};

/** lib-dynamodb's document commands are named apart from the DynamoDB actions they call. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'PartiQLSelect',
};

export const repoPath = (file: string) => relative(PROJECT_ROOT, file).split('\\').join('/');

/** Every `.ts` file under a repository folder. */
export function sourceFiles(folder: string): string[] {
  const root = join(PROJECT_ROOT, folder);
  if (!existsSync(root)) return [];
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  return walk(root);
}

/**
 * The IAM actions a module's SDK calls need: each `new XxxCommand(` with the package it is imported
 * from. A command whose package is unknown maps to `unknown:<Command>`, which no list covers.
 */
export function sdkActions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const packageOf = new Map<string, string>();
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
    for (const name of m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)) packageOf.set(name, m[2]!);
  }
  const actions = new Set<string>();
  for (const m of text.matchAll(/new\s+([A-Za-z0-9]+)Command\s*\(/g)) {
    const command = m[1]!;
    const pkg = packageOf.get(`${command}Command`);
    const prefix = pkg ? SERVICE_PREFIX[pkg] : undefined;
    if (!prefix) {
      actions.add(`unknown:${command}Command`);
      continue;
    }
    actions.add(`${prefix}:${pkg === '@aws-sdk/lib-dynamodb' ? (DOCUMENT_COMMANDS[command] ?? command) : command}`);
  }
  return [...actions];
}

/**
 * The repository modules a file imports at run time, transitively (relative imports only:
 * node_modules are not followed; `import type` is skipped).
 */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Type-only imports bring no code (and no calls) into the bundle.
    for (const m of text.matchAll(/(?:import|export)\s+(?!type\s)[^;]*?from\s*'(\.[^']+)'/g)) {
      const base = resolve(dirname(file), m[1]!);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
      if (target) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Fixture JSON is loosely typed on purpose: it stands in for what the SDK deserialises. */
export type Json = any;

const DIR = join(import.meta.dirname, '..', 'fixtures', 'iam');

/** A fixture exactly as stored (dates as ISO strings, the way the AWS CLI prints them). */
export function rawFixture(name: string): Json {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Json;
}

const DATE_KEY = /(Date|^PasswordLastUsed|^GeneratedTime)$/;

/** SDK v3 deserialises timestamps to Date objects: turn the fixture's date fields into Dates. */
function withDates(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => withDates(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, k)]));
  }
  return typeof value === 'string' && DATE_KEY.test(key) ? new Date(value) : value;
}

/** A fixture as SDK v3 returns it: Date objects, documents still URL-encoded. */
export function sdkFixture(name: string): Json {
  return withDates(rawFixture(name));
}

/** Fresh clients; each test mocks its own instances. */
export function clients(secretsRegion = 'us-west-2'): { iam: IAMClient; secrets: SecretsManagerClient } {
  return { iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: secretsRegion }) };
}

/** An error shaped like the SDK's throttling error after retries gave up. */
export function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'Throttling',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'c0ffee00-0000-4000-8000-000000000000', attempts: 8, totalRetryDelay: 20_000 },
  });
}

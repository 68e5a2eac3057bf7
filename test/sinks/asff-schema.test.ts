import { describe, expect, it } from 'vitest';
import { AsffValidationError, assertValidAsff, isAsffTimestamp, isAsffType } from '../../lib/sinks/asff-schema';
import { toAsff } from '../../lib/sinks/asff';
import { sampleFindings } from './sample-findings';

function valid(): Record<string, unknown> {
  return structuredClone(toAsff(sampleFindings()[5]!, { region: 'eu-west-1' })) as Record<string, unknown>;
}

function errorOf(f: unknown): AsffValidationError {
  try {
    assertValidAsff(f);
  } catch (e) {
    if (e instanceof AsffValidationError) return e;
    throw e;
  }
  throw new Error('expected assertValidAsff to throw');
}

const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

describe('assertValidAsff', () => {
  it('accepts a finding when it is complete', () => {
    expect(() => assertValidAsff(valid())).not.toThrow();
  });

  it.each(REQUIRED)('rejects the finding naming its Id and %s when that field is missing', (field) => {
    const f = valid();
    delete f[field];
    const err = errorOf(f);
    expect(err.field).toBe(field);
    expect(err.message).toContain(field === 'Id' ? '<no Id>' : String(valid()['Id']));
    expect(err.message).toContain(`${field}: is required`);
  });

  const tooLong = (n: number) => 'x'.repeat(n);
  const cases: [string, (f: Record<string, unknown>) => void, string][] = [
    ['Id is longer than 512', (f) => (f['Id'] = tooLong(513)), 'Id'],
    ['GeneratorId is longer than 512', (f) => (f['GeneratorId'] = tooLong(513)), 'GeneratorId'],
    ['Title is longer than 256', (f) => (f['Title'] = tooLong(257)), 'Title'],
    ['Title is blank', (f) => (f['Title'] = '   '), 'Title'],
    ['Description is longer than 1024', (f) => (f['Description'] = tooLong(1025)), 'Description'],
    ['SchemaVersion is another version', (f) => (f['SchemaVersion'] = '2019-01-01'), 'SchemaVersion'],
    ['AwsAccountId has 11 digits', (f) => (f['AwsAccountId'] = '12345678901'), 'AwsAccountId'],
    ['ProductArn is not a product ARN', (f) => (f['ProductArn'] = 'arn:aws:iam::123456789012:role/x'), 'ProductArn'],
    ['Types is empty', (f) => (f['Types'] = []), 'Types'],
    ['Types has 51 entries', (f) => (f['Types'] = Array(51).fill('TTPs/Discovery')), 'Types'],
    ['a type has an unknown namespace', (f) => (f['Types'] = ['Misconfiguration/IAM/Keys']), 'Types.0'],
    ['a type has four segments', (f) => (f['Types'] = ['TTPs/a/b/c']), 'Types.0'],
    ['CreatedAt is not RFC 3339', (f) => (f['CreatedAt'] = '2026-11-20 00:00:00'), 'CreatedAt'],
    ['UpdatedAt is not a real date', (f) => (f['UpdatedAt'] = '2026-02-30T00:00:00Z'), 'UpdatedAt'],
    ['Severity.Label is unknown', (f) => (f['Severity'] = { Label: 'SEVERE' }), 'Severity.Label'],
    ['Resources is empty', (f) => (f['Resources'] = []), 'Resources'],
    ['Resources has 33 entries', (f) => (f['Resources'] = Array(33).fill({ Type: 'Other', Id: 'x' })), 'Resources'],
    ['a resource has no Id', (f) => (f['Resources'] = [{ Type: 'AwsIamUser' }]), 'Resources.0.Id'],
    ['a resource Partition is unknown', (f) => (f['Resources'] = [{ Type: 'Other', Id: 'x', Partition: 'aws-mars' }]), 'Resources.0.Partition'],
    ['a ProductFields value is longer than 2048', (f) => (f['ProductFields'] = { k: tooLong(2049) }), 'ProductFields.k'],
    ['ProductFields has 51 entries', (f) => (f['ProductFields'] = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), 'ProductFields'],
    ['Workflow is set', (f) => (f['Workflow'] = { Status: 'NEW' }), 'Workflow'],
    ['Note is set', (f) => (f['Note'] = { Text: 'x', UpdatedBy: 'y', UpdatedAt: '2026-01-01T00:00:00Z' }), 'Note'],
    ['the finding is bigger than 240 KB', (f) => (f['Remediation'] = { Recommendation: { Url: tooLong(250_000) } }), '(finding)'],
  ];

  it.each(cases)('rejects the finding when %s', (_name, mutate, field) => {
    const f = valid();
    mutate(f);
    const err = errorOf(f);
    expect(err.field).toBe(field);
    expect(err.findingId).toBe(f['Id']);
    expect(err.message).toContain(String(f['Id']));
  });

  it('names no Id when the input is not an object', () => {
    expect(errorOf('nope').findingId).toBe('<no Id>');
  });
});

describe('isAsffTimestamp', () => {
  it.each(['2019-01-31T23:00:00Z', '2019-01-31T23:00:00.123456789Z', '2024-01-04T15:25:10+17:59', '2024-01-04T15:25:10-1759'])(
    'accepts %s when it is a format Security Hub lists',
    (t) => expect(isAsffTimestamp(t)).toBe(true),
  );

  it.each(['2019-01-31T23:00:00', '2019-01-31T23:00:00.1234567890Z', '2024-01-04T15:25:10+18:01', '2019-13-01T00:00:00Z', '2019-01-31T24:00:00Z'])(
    'rejects %s when it lacks an offset, overflows a field or exceeds 9 fraction digits',
    (t) => expect(isAsffTimestamp(t)).toBe(false),
  );
});

describe('isAsffType', () => {
  it.each(['TTPs', 'TTPs/Defense Evasion', 'Software and Configuration Checks/AWS Security Best Practices/Unused IAM Role'])(
    'accepts %s when the path is full or partial under a defined namespace',
    (t) => expect(isAsffType(t)).toBe(true),
  );

  it.each(['', 'Misconfiguration', 'TTPs//x', 'TTPs/ Discovery', 'Effects/a/b/c'])('rejects %j when the namespace or a segment is wrong', (t) => expect(isAsffType(t)).toBe(false));
});

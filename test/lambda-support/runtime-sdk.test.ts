import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, metrics, observed } from '../../lib/lambda-support/observability';
import { compareVersions, olderSdkPackages, resolvedSdkVersion } from '../../lib/lambda-support/runtime-sdk';

const context = {
  functionName: 'tally-sweep',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:tally-sweep',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/tally-sweep',
  logStreamName: '2026/11/30/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe('runtime SDK check', () => {
  afterEach(() => vi.restoreAllMocks());

  it('orders versions by their numeric parts when they differ in length or carry a suffix', () => {
    expect(compareVersions('3.1169.0', '3.999.0')).toBe(1);
    expect(compareVersions('3.896.0', '3.1169.0')).toBe(-1);
    expect(compareVersions('3.1169', '3.1169.0')).toBe(0);
    expect(compareVersions('3.1169.0-beta.1', '3.1169.0')).toBe(0);
  });

  it('lists only packages the runtime holds in an older version when some are older, some newer and one absent', () => {
    const runtime: Record<string, string> = { '@aws-sdk/client-iam': '3.896.0', '@aws-sdk/client-dynamodb': '3.1200.0' };
    const older = olderSdkPackages(
      { '@aws-sdk/client-iam': '3.1169.0', '@aws-sdk/client-dynamodb': '3.1169.0', '@aws-sdk/client-account': '3.1169.0' },
      (name) => runtime[name],
    );
    expect(older).toEqual([{ name: '@aws-sdk/client-iam', runtime: '3.896.0', tested: '3.1169.0' }]);
  });

  it('reads the version this process resolves, and nothing for a package it cannot', () => {
    expect(resolvedSdkVersion('@aws-sdk/client-iam')).toMatch(/^3\.\d+\.\d+$/);
    expect(resolvedSdkVersion('@aws-sdk/client-not-a-service')).toBeUndefined();
  });

  it('warns once per container naming the older package when the runtime SDK is older than the tested one', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const metric = vi.spyOn(metrics, 'addMetric');
    const installed = resolvedSdkVersion('@aws-sdk/client-iam')!;
    const handler = observed(async () => 'ok', { '@aws-sdk/client-iam': '99.0.0', '@aws-sdk/client-dynamodb': '3.0.0' });
    await handler({}, context);
    await handler({}, context);
    const olderWarnings = warn.mock.calls.filter(([m]) => String(m).includes('older AWS SDK'));
    expect(olderWarnings).toHaveLength(1);
    expect(olderWarnings[0]![1]).toEqual({ olderSdk: [{ name: '@aws-sdk/client-iam', runtime: installed, tested: '99.0.0' }] });
    expect(metric).toHaveBeenCalledWith('RuntimeSdkOlderThanTested', 'Count', 1);
  });

  it('says nothing when the runtime SDK is the tested one', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const installed = resolvedSdkVersion('@aws-sdk/client-iam')!;
    await observed(async () => 'ok', { '@aws-sdk/client-iam': installed })({}, context);
    expect(warn.mock.calls.filter(([m]) => String(m).includes('older AWS SDK'))).toEqual([]);
  });
});

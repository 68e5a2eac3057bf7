import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { activeAccountsExpression, ITEM_FAILED, ITEM_SUCCEEDED, RUN_REPORT } from '../../lib/constructs/organization-definition';

/** Evaluates a Step Functions JSONata field (`{% … %}`) with its variables, as the service binds them. */
async function evaluate(field: string, variables: Record<string, unknown>): Promise<unknown> {
  const body = /^\{%([\s\S]*)%\}$/.exec(field)?.[1];
  if (body === undefined) throw new Error(`not a JSONata field: ${field}`);
  return jsonata(body).evaluate({}, variables);
}

// Organizations ListAccounts response (API reference shape): State is the current field, Status deprecated.
const page = {
  Accounts: [
    { Id: '111111111111', Arn: 'arn:aws:organizations::999999999999:account/o-example/111111111111', Name: 'prod', State: 'ACTIVE' },
    { Id: '222222222222', Arn: 'arn:aws:organizations::999999999999:account/o-example/222222222222', Name: 'old', State: 'SUSPENDED' },
    { Id: '333333333333', Arn: 'arn:aws:organizations::999999999999:account/o-example/333333333333', Name: 'legacy', Status: 'ACTIVE' },
    { Id: '999999999999', Arn: 'arn:aws:organizations::999999999999:account/o-example/999999999999', Name: 'central', State: 'ACTIVE' },
  ],
  NextToken: 'page-2',
};

describe('organization state machine expressions (evaluated with the jsonata library)', () => {
  it('collects active accounts across pages, reading State or the older Status, leaving excluded ones out', async () => {
    const expr = activeAccountsExpression(['999999999999']);
    const first = await evaluate(expr, { accounts: [], states: { result: page } });
    expect(first).toEqual(['111111111111', '333333333333']);
    const second = await evaluate(expr, { accounts: first, states: { result: { Accounts: [{ Id: '444444444444', State: 'ACTIVE' }] } } });
    expect(second).toEqual(['111111111111', '333333333333', '444444444444']);
    const empty = await evaluate(expr, { accounts: second, states: { result: { Accounts: [] } } });
    expect(empty).toEqual(second);
  });

  it('reports each account as succeeded with counts or failed with a bounded cause, and the run summary', async () => {
    const ok = await evaluate(ITEM_SUCCEEDED, {
      states: { input: { accountId: '111111111111' }, result: { Payload: { findings: { STALE_ACCESS_KEY: 2, RECONCILED: 5 }, incomplete: ['secrets'] } } },
    });
    expect(ok).toEqual({ accountId: '111111111111', ok: true, findings: 7, incomplete: 1 });
    const failed = await evaluate(ITEM_FAILED, {
      states: { input: { accountId: '333333333333' }, errorOutput: { Error: 'MemberAccessError', Cause: 'x'.repeat(1000) } },
    });
    expect(failed).toMatchObject({ accountId: '333333333333', ok: false, error: 'MemberAccessError' });
    expect((failed as { cause: string }).cause).toHaveLength(400);
    const report = await evaluate(RUN_REPORT, { states: { input: [ok, failed], context: { Execution: { Name: 'run-1' } } } });
    expect(report).toEqual({
      runId: 'run-1',
      accounts: 2,
      findings: 7,
      succeeded: ['111111111111'],
      failed: [{ accountId: '333333333333', error: 'MemberAccessError', cause: 'x'.repeat(400) }],
    });
  });
});

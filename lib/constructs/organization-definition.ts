import { Duration } from 'aws-cdk-lib';
import { Choice, Condition, DistributedMap, JitterType, Pass, ProvideItems, StateMachineType, Succeed, TaskInput, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export interface OrganizationDefinitionProps {
  /** The member-sweep function, invoked once per account with `{ accountId, runId, now }`. */
  readonly memberSweep: IFunction;
  /** Account ids never swept (literal ids, or the stack's account token). */
  readonly excludedAccounts: readonly string[];
  /** Member sweeps running at once. */
  readonly maxConcurrency: number;
}

/** Organizations ListAccounts returns at most 20 accounts a page. */
export const LIST_ACCOUNTS_PAGE_SIZE = 20;

/** Lambda service errors and throttling: retried with backoff; the handler's own errors are not. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
];

/** Organizations throttling and service errors through the SDK integration (service-prefixed). */
export const ORGANIZATIONS_RETRYABLE = ['Organizations.TooManyRequestsException', 'Organizations.ServiceException'];

/** Label of the Distributed Map's runs (and of its child executions' names). */
export const MAP_LABEL = 'MemberSweeps';

/** Characters of an error's cause kept per failed account: a Lambda cause starts with errorType and errorMessage, and the run's output must stay under 256 KiB. */
export const CAUSE_CHARS = 400;

/**
 * Which accounts of a ListAccounts page are swept: ACTIVE ones not excluded. `State` replaced the
 * deprecated `Status` (retired September 2026); either is read, so an integration that still
 * returns only `Status` works too. Ids only: the run's state stays small (256 KiB payload limit).
 */
export function activeAccountsExpression(excluded: readonly string[]): string {
  const ids = `[${excluded.map((a) => JSON.stringify(a)).join(', ')}]`;
  const active = "(State = 'ACTIVE' or ($not($exists(State)) and Status = 'ACTIVE'))";
  return `{% $append($accounts, $states.result.Accounts[${active} and $not(Id in ${ids})].Id) %}`;
}

/** Per account, the item's result: success with counts, or (caught) the error and a bounded cause. */
export const ITEM_SUCCEEDED =
  "{% { 'accountId': $states.input.accountId, 'ok': true, 'findings': $sum([$each($states.result.Payload.findings, function($v) { $v })]), 'incomplete': $count($states.result.Payload.incomplete) } %}";
export const ITEM_FAILED = `{% { 'accountId': $states.input.accountId, 'ok': false, 'error': $states.errorOutput.Error, 'cause': $substring($states.errorOutput.Cause, 0, ${CAUSE_CHARS}) } %}`;
export const RUN_REPORT =
  "{% { 'runId': $states.context.Execution.Name, 'accounts': $count($states.input), 'findings': $sum($states.input[ok].findings), 'succeeded': [$states.input[ok].accountId], 'failed': [$states.input[$not(ok)].{ 'accountId': accountId, 'error': error, 'cause': cause }] } %}";

/**
 * The organization sweep as a JSONata state machine:
 *
 * ```
 * Begin → List accounts ─→ More accounts? ─yes→ List more accounts ─┐
 *                              ▲  │ no                              │
 *                              └──┼─────────────────────────────────┘
 *                                 ▼
 *          Sweep accounts (Distributed Map, one child execution per account)
 *            Sweep account (Lambda) ─catch→ Account failed
 *                                 ▼
 *                               Done { runId, accounts, findings, succeeded[], failed[{accountId, error, cause}] }
 * ```
 * Every item catches its own failure, so the Map never fails on an account; it still tolerates 100 %
 * failed items should a child execution fail outside the catch.
 */
export function organizationDefinition(scope: Construct, props: OrganizationDefinitionProps): IChainable {
  const collect = {
    accounts: activeAccountsExpression(props.excludedAccounts),
    nextToken: '{% $exists($states.result.NextToken) ? $states.result.NextToken : null %}',
  };
  const listAccounts = (id: string, withToken: boolean) =>
    CallAwsService.jsonata(scope, id, {
      service: 'organizations',
      action: 'listAccounts',
      // ListAccounts has no resource-level permissions.
      iamResources: ['*'],
      iamAction: 'organizations:ListAccounts',
      parameters: { MaxResults: LIST_ACCOUNTS_PAGE_SIZE, ...(withToken ? { NextToken: '{% $nextToken %}' } : {}) },
      assign: collect,
      outputs: {},
    }).addRetry({ errors: ORGANIZATIONS_RETRYABLE, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: JitterType.FULL });

  const sweepAccount = LambdaInvoke.jsonata(scope, 'Sweep account', {
    lambdaFunction: props.memberSweep,
    payload: TaskInput.fromText('{% $states.input %}'),
    retryOnServiceExceptions: false,
    outputs: ITEM_SUCCEEDED,
  })
    .addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: JitterType.FULL })
    // Results not delivered: one more run delivers only what is missing (ledger, audit log).
    .addRetry({ errors: ['DeliveryIncompleteError'], interval: Duration.minutes(1), maxAttempts: 1 })
    .addCatch(Pass.jsonata(scope, 'Account failed'), { errors: ['States.ALL'], outputs: ITEM_FAILED });

  const sweepAccounts = DistributedMap.jsonata(scope, 'Sweep accounts', {
    items: ProvideItems.jsonata('{% $accounts %}'),
    itemSelector: {
      accountId: '{% $states.context.Map.Item.Value %}',
      runId: '{% $states.context.Execution.Name %}',
      now: '{% $states.context.Execution.StartTime %}',
    },
    maxConcurrency: props.maxConcurrency,
    toleratedFailurePercentage: 100,
    mapExecutionType: StateMachineType.STANDARD,
    label: MAP_LABEL,
  }).itemProcessor(sweepAccount);

  const begin = Pass.jsonata(scope, 'Begin', { assign: { accounts: [], nextToken: null } });
  const more = Choice.jsonata(scope, 'More accounts?');
  const listMore = listAccounts('List more accounts', true);
  sweepAccounts.next(Succeed.jsonata(scope, 'Done', { outputs: RUN_REPORT }));
  more.when(Condition.jsonata('{% $nextToken != null %}'), listMore).otherwise(sweepAccounts);
  listMore.next(more);
  return begin.next(listAccounts('List accounts', false)).next(more);
}

import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { describeError } from '../errors/describe-error';
import { ActionError } from './action-errors';

/** The kill switch could not be read or holds neither `true` nor `false`; key expiry counts it as on. */
export class KillSwitchReadError extends ActionError {
  override readonly name = 'KillSwitchReadError';
  constructor(
    readonly parameterName: string,
    reason: string,
    options?: { cause: unknown },
  ) {
    super(`kill switch ${parameterName}: ${reason}`, { parameterName }, options);
  }
}

/**
 * The kill switch as an SSM String parameter (`true` pauses every further IAM write, `false` lets
 * them go ahead), read afresh on every call so pausing needs no redeploy and stops a run in progress
 * before its next write. Any other value, a missing parameter or a failed read throws
 * {@link KillSwitchReadError}, which key expiry counts as on (fail closed).
 */
export function parameterKillSwitch(ssm: SSMClient, parameterName: string): () => Promise<boolean> {
  return async () => {
    let value: string | undefined;
    try {
      value = (await ssm.send(new GetParameterCommand({ Name: parameterName }))).Parameter?.Value;
    } catch (cause) {
      throw new KillSwitchReadError(parameterName, `GetParameter failed: ${describeError(cause)}`, { cause });
    }
    const flag = value?.trim().toLowerCase();
    if (flag === 'true') return true;
    if (flag === 'false') return false;
    throw new KillSwitchReadError(parameterName, `value ${JSON.stringify(value ?? null)} is neither "true" nor "false"`);
  };
}

/**
 * Why no further write may happen (the switch is on, or it cannot be read: fail closed), or undefined.
 * Read before every IAM write of key expiry and revocation.
 */
export async function killSwitchStop(killSwitch: (() => boolean | Promise<boolean>) | undefined): Promise<string | undefined> {
  try {
    return (await killSwitch?.()) === true ? 'kill switch on: no further writes in this run' : undefined;
  } catch (e) {
    return `kill switch unreadable, counted as on (${describeError(e)}): no further writes in this run`;
  }
}

import { TallyError } from '../errors/tally-error';

/** A returned review packet or campaign folder that cannot be used as it is: the file, the line and why. */
export class ReviewInputError extends TallyError {
  override readonly name = 'ReviewInputError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, { file, line });
  }
}

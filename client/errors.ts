import type { ErrorBody } from '../protocol/control';
import { exitCodeOf, isErrorCode, MoultError, type ErrorCode } from '../protocol/errors';

/** An error the CLI reports in one line, exiting with `exitCode` (SPEC 2: 1 failed, 2 bad input). */
export class CliError extends MoultError {
  override name = 'CliError';
  constructor(readonly exitCode: 1 | 2, message: string, code?: ErrorCode) {
    super(code ?? (exitCode === 2 ? 'EUSAGE' : 'EFAILED'), message);
  }

  /** A daemon's refusal; a code this client does not know (a newer daemon's) is a failure, exit 1. */
  static fromDaemon(e: ErrorBody): CliError {
    return new CliError(exitCodeOf(e.code), e.message, isErrorCode(e.code) ? e.code : 'EFAILED');
  }
}

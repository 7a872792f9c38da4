import { USAGE_ERROR_CODES, type ErrorBody } from '../protocol/control';

/** An error the CLI reports in one line, exiting with `exitCode` (SPEC 2: 1 failed, 2 bad input). */
export class CliError extends Error {
  constructor(readonly exitCode: 1 | 2, message: string, readonly code?: string) {
    super(message);
    this.name = 'CliError';
  }

  static fromDaemon(e: ErrorBody): CliError {
    return new CliError(USAGE_ERROR_CODES.has(e.code) ? 2 : 1, e.message, e.code);
  }
}

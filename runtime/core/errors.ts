// Typed errors of the runtime: each has a stable `code` (protocol/errors.ts registers them) that
// events and callers can rely on.
import { MoultError } from '../../protocol/errors';

export class MoultRuntimeError extends MoultError {
  override name = 'MoultRuntimeError';
}

/** Thrown inside a task (by it, or at an update point by the runtime): the task restarts its main. */
export class RebootError extends Error {
  constructor(message = 'task reboot') {
    super(message);
    this.name = 'RebootError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import { MoultError } from '../../protocol/errors';

/** A refusal the daemon sends back to the client; `code` decides the CLI's exit status. */
export class DaemonError extends MoultError {
  override name = 'DaemonError';
}

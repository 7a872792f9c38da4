/** A refusal the daemon sends back to the client; `code` decides the CLI's exit status. */
export class DaemonError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'DaemonError';
  }
}

// cron_restart expressions are checked when the ecosystem is loaded, by the same library that runs
// them in the daemon (croner), so a schedule that would never fire is refused before anything starts.
/** Why a cron expression is refused (croner's own message), or null. */
export function cronProblem(expression: string): string | null {
  // Loaded only for an ecosystem that has a cron_restart: the CLI's start-up stays lean.
   
  const { Cron } = require('croner') as typeof import('croner');
  try {
    new Cron(expression, { paused: true }).stop();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

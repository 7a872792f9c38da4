// `cron_restart` (SPEC 7): the app is restarted on a cron schedule (5 fields, or 6 with seconds),
// read by croner. The expression was checked when the ecosystem was loaded (config/ecosystem.ts).
import type { Cron } from 'croner';

export class CronRestart {
  private readonly job: Cron;

  constructor(expression: string, fire: () => Promise<unknown> | void) {
    // protect: a restart that is still under way when the next tick comes is not started twice.
    // Loaded for apps with a cron_restart only.
     
    const { Cron: CronJob } = require('croner') as typeof import('croner');
    this.job = new CronJob(expression, { protect: true }, async () => { await fire(); });
  }

  /** When the next restart is due (null if the schedule has none left). */
  next(): Date | null {
    return this.job.nextRun();
  }

  close(): void {
    this.job.stop();
  }
}

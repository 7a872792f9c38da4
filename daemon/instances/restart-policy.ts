// When a crashed instance comes back, and when the daemon gives up on it (SPEC 7, pm2's rules):
// `restart_delay`, or exponential back-off from `exp_backoff_restart_delay` (×1.5 per fast crash,
// capped at 15 s, reset by a run longer than min_uptime); more than `max_restarts` crashes in a
// row, each before `min_uptime`, make the instance `errored`.
import type { AppConfig } from '../../config/ecosystem';

export const MAX_BACKOFF_MS = 15_000;

export type RestartDecision = { action: 'restart'; delayMs: number } | { action: 'give-up' } | { action: 'none' };

export interface CrashHistory {
  /** Consecutive exits that came before min_uptime. */
  fastCrashes: number;
}

export function onExit(app: AppConfig, history: CrashHistory, uptimeMs: number, stopping: boolean, code: number | null = null): RestartDecision {
  if (stopping) return { action: 'none' };
  history.fastCrashes = uptimeMs < app.min_uptime ? history.fastCrashes + 1 : 0;
  if (!app.autorestart) return { action: 'none' };
  // pm2's stop_exit_codes: an exit with one of them is the app's own decision to stop.
  if (code !== null && app.stop_exit_codes?.includes(code)) return { action: 'none' };
  if (history.fastCrashes > app.max_restarts) return { action: 'give-up' };
  return { action: 'restart', delayMs: restartDelay(app, history.fastCrashes) };
}

export function restartDelay(app: AppConfig, fastCrashes: number): number {
  if (app.exp_backoff_restart_delay !== undefined && app.exp_backoff_restart_delay > 0) {
    if (fastCrashes === 0) return app.exp_backoff_restart_delay;
    return Math.min(MAX_BACKOFF_MS, Math.round(app.exp_backoff_restart_delay * 1.5 ** (fastCrashes - 1)));
  }
  return app.restart_delay;
}

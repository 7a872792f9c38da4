// Health gating of updates (SPEC 6.2): after an update completes in an instance, the app must
// prove healthy within `health.timeout`: `health.http` answers 2xx, or (`health.ready`) the app
// calls ready() again. Otherwise the update is rolled back.
import type httpTypes from 'node:http';
import type { HealthConfig } from '../../config/ecosystem';
import type { EventLog } from '../logs/event-log';

export type HealthVerdict = { ok: true } | { ok: false; reason: string };

function probe(url: string, timeoutMs: number): Promise<number | Error> {
  return new Promise((resolve) => {
    // Loaded for apps with a health.http check only: https brings tls (3 MB in the daemon).
     
    const get = (require(url.startsWith('https:') ? 'node:https' : 'node:http') as typeof httpTypes).get;
    const req = get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve(err));
  });
}

/** A non-2xx answer fails at once; a refused connection is retried until the deadline. */
async function httpHealthy(url: string, deadline: number): Promise<HealthVerdict> {
  let last = 'no answer';
  while (Date.now() < deadline) {
    const r = await probe(url, Math.max(100, Math.min(2000, deadline - Date.now())));
    if (typeof r === 'number') {
      if (r >= 200 && r < 300) return { ok: true };
      return { ok: false, reason: `health check ${url} answered ${r}` };
    }
    last = r.message;
    await new Promise((res) => setTimeout(res, 100));
  }
  return { ok: false, reason: `health check ${url} failed: ${last}` };
}

function readySignalled(log: EventLog, app: string, instance: number, deadline: number): Promise<HealthVerdict> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { off(); resolve({ ok: false, reason: 'the app did not call ready() after the update' }); }, Math.max(0, deadline - Date.now()));
    const off = log.subscribe((e) => {
      if (e.event === 'app.ready' && e.app === app && e.instance === instance) {
        clearTimeout(timer);
        off();
        resolve({ ok: true });
      }
    });
  });
}

/** `readySince`: the app already called ready() since the update was sent (e.g. in its cleanup hook). */
export function checkHealthAfterUpdate(health: HealthConfig | undefined, log: EventLog, app: string, instance: number, readySince: boolean): Promise<HealthVerdict> {
  if (!health) return Promise.resolve({ ok: true });
  const deadline = Date.now() + health.timeout;
  if (health.http) return httpHealthy(health.http, deadline);
  if (health.ready) return readySince ? Promise.resolve({ ok: true }) : readySignalled(log, app, instance, deadline);
  return Promise.resolve({ ok: true });
}

/**
 * Before a reload stops an old worker (SPEC 2 `reload`): the app's health check. Through a
 * shared port a probe reaches whichever worker the primary picks (round robin, first free), so
 * `http` is probed three times per serving worker and every answer must be 2xx; that makes it
 * likely, not certain, that the new worker answered one. `health.ready` checks the new worker itself.
 */
export async function checkHealthBeforeSwap(health: HealthConfig | undefined, log: EventLog, app: string, instance: number, readySince: boolean, workers: number): Promise<HealthVerdict> {
  if (!health?.http) return checkHealthAfterUpdate(health, log, app, instance, readySince);
  const deadline = Date.now() + health.timeout;
  for (let i = 0; i < workers * 3; i++) {
    const v = await httpHealthy(health.http, deadline);
    if (!v.ok) return v;
  }
  return { ok: true };
}

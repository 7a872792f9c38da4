// Reading moultd.log (one JSON event a line) for the benchmarks.
import fs from 'node:fs';

/**
 * Updates in moultd.log, one record per update_id (the events of one `moult update`/`patch`):
 * {name, file, events: {event: first time}, via}.
 */
export function updatesInLog(file) {
  const byId = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    let e;
    try { e = JSON.parse(line); } catch { continue; }
    if (!e.update_id || !/^update\./.test(e.event)) continue;
    const rec = (byId[e.update_id] ??= { events: {} });
    rec.events[e.event] ??= e.time;
    if (e.event === 'update.received') rec.file = e.file;
    else rec.name ??= e.update;
    if (e.via) rec.via = e.via;
  }
  return Object.values(byId);
}

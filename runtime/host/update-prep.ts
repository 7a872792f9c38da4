// Work an update or a patch needs before its update point, done in turns of the app's event loop
// of its own, each one short, instead of inside one long pause. Measured (express app, 1 000 000
// objects): the first update of a process paused the app 8-13 ms and the first patch 19 ms, nearly
// all of it work done once per process and all at once: loading the runtime's API (`moult/runtime`,
// required by every update module: ~40 modules, 15 ms of CPU at once), and parsing the loaded and
// the new source of a patched module with a parser that has not run yet in this process (from the
// instrumentation cache, the app's start never ran it): ~1 ms per KB, in one piece.
// Here: the API's modules are loaded one per turn, leaves first (each turn compiles one module);
// for a patch, the parser loads in a turn, warms up on small programs (a turn each), then each
// source is parsed in a turn of its own (patch/preparse.ts).
import fs from 'node:fs';
import path from 'node:path';
import { findTarget, type PatchRequest } from '../patch/patch';
import { preparse, warmParser } from '../patch/preparse';
import { nextTurn } from '../core/timers';
import { RUNTIME_INDEX } from '../../protocol/package-files';

const REQUIRE = /\brequire\((["'])(\.{1,2}\/[^"']+)\1\)/g;

/**
 * The modules of `entry`'s tree not loaded yet, leaves first: required in this order, each
 * require compiles one module. Found from the compiled sources' `require("./…")` calls.
 */
export function modulesToLoad(entry: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const m of source.matchAll(REQUIRE)) {
      const target = path.resolve(path.dirname(file), m[2]);
      visit(target.endsWith('.js') ? target : `${target}.js`);
    }
    if (!require.cache[file]) order.push(file);
  };
  visit(entry);
  return order;
}

let apiLoaded: Promise<void> | null = null;

/** Loads the runtime's API (what `require('moult/runtime')` loads), one module per turn, once. */
export function loadApiInTurns(): Promise<void> {
  apiLoaded ??= (async () => {
    await nextTurn();
    for (const file of modulesToLoad(RUNTIME_INDEX)) {
      await nextTurn();
      try {
        require(file);
      } catch {
        // Loaded again (and reported) by the update module itself.
      }
    }
  })();
  return apiLoaded;
}

/**
 * A patch of an instrumented module parses the module's current source and the new one: each in
 * a turn of its own, after the parser's warm-up, so that loadPatch finds them parsed and its
 * planner (patch/plan.ts, top-level.ts) parses nothing in the apply's turn.
 */
export async function preparePatch(req: PatchRequest): Promise<void> {
  let target: ReturnType<typeof findTarget>;
  try {
    target = findTarget(req);
  } catch {
    return; // loadPatch says why
  }
  if (!('record' in target)) return;
  const { record } = target;
  const sources = req.source === record.current.source ? [req.source] : [record.current.source, req.source];
  await warmParser(record.isModule);
  for (const source of sources) {
    await nextTurn();
    preparse(source, record.isModule);
  }
}

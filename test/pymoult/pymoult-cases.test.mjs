// Pymoult's own tests and examples that the parity audit (shared/audits/pymoult-parity-2026-12-03.md)
// ran by hand, kept as cases in the shared conformance runner's format (shared/conformance/README.md)
// under test/pymoult/cases/, and run here by a small harness of our own, so that `npm test` needs
// nothing outside the project. Each case starts its app under a real daemon (fresh MOULT_HOME),
// runs its steps with the real CLI, waits for `until`, then checks `expect` (a subsequence of the
// structured log, or a list of them) and `forbid_after`. The same folder also runs under the
// shared runner: `../../shared/conformance/run --project $PWD --cases test/pymoult/cases`.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandbox, show } from '../helpers/moult.mjs';

const CASES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');

const text = (v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
const isRe = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.re === 'string';

/** The shared runner's rule: every key equal as strings, {"re"} searched, null = absent. */
function matches(line, pattern) {
  for (const [key, want] of Object.entries(pattern)) {
    const have = line[key];
    if (want === null) { if (have !== undefined && have !== null) return false; }
    else if (have === undefined) return false;
    else if (isRe(want)) { if (!new RegExp(want.re).test(text(have))) return false; }
    else if (text(have) !== text(want)) return false;
  }
  return true;
}

const brief = (e) => ['event', 'instance', 'update', 'task', 'point', 'reason', 'msg', 'error']
  .filter((k) => e[k] !== undefined).map((k) => `${k}=${text(e[k]).slice(0, 100)}`).join(' ');

async function waitLine(sb, pattern, from, deadline) {
  for (;;) {
    const events = sb.events();
    for (let i = from; i < events.length; i++) if (matches(events[i], pattern)) return i;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(pattern)}; log tail:\n${sb.tail(25)}`);
    await sleep(50);
  }
}

/** Index of each pattern of `list` in order, or the first that is missing. */
function subsequence(events, list) {
  let i = 0;
  for (const [n, p] of list.entries()) {
    while (i < events.length && !matches(events[i], p)) i++;
    if (i === events.length) return { missing: n, pattern: p };
    i++;
  }
  return null;
}

for (const name of fs.readdirSync(CASES).sort()) {
  const dir = path.join(CASES, name);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8'));
  test(`${name}: ${spec.description}`, async (t) => {
    t.timeout((spec.timeout_s ?? 40) * 1000 + 15_000);
    const sb = sandbox(t, 'moult-pymoult-');
    fs.cpSync(dir, sb.appDir, { recursive: true });
    const deadline = Date.now() + (spec.timeout_s ?? 40) * 1000;
    if (spec.start) {
      const r = await sb.cli(['start', spec.start]);
      t.is(r.code, 0, `moult start ${spec.start}: ${show(r)}`);
    }
    let from = 0;
    for (const step of spec.steps ?? []) {
      if (step.wait) {
        from = (await waitLine(sb, step.wait, from, deadline)) + 1;
      } else if (step.cli) {
        const r = await sb.cli(step.cli, { timeoutMs: Math.max(1000, deadline - Date.now()) });
        if (step.expect_exit !== undefined) {
          if (step.expect_exit === 'nonzero') t.not(r.code, 0, `moult ${step.cli.join(' ')}: ${show(r)}`);
          else t.is(r.code, step.expect_exit, `moult ${step.cli.join(' ')}: ${show(r)}\nlog tail:\n${sb.tail(25)}`);
        }
        for (const re of [step.expect_output ?? []].flat()) t.regex(r.stdout + r.stderr, new RegExp(re), `moult ${step.cli.join(' ')}`);
      } else if (step.sleep_ms !== undefined) {
        await sleep(step.sleep_ms);
      } else {
        throw new Error(`${name}: this harness does not run step ${JSON.stringify(step)}`);
      }
    }
    const until = spec.until === undefined ? { event: 'app.exited', app: spec.app } : spec.until;
    if (until) await waitLine(sb, until, 0, deadline);

    const events = sb.events();
    const log = events.map((e, i) => `  ${i} ${brief(e)}`).join('\n');
    const lists = Array.isArray(spec.expect?.[0]) ? spec.expect : [spec.expect ?? []];
    for (const list of lists) {
      const miss = subsequence(events, list);
      t.is(miss, null, miss ? `expected #${miss.missing} ${JSON.stringify(miss.pattern)} (in order); log:\n${log}` : undefined);
    }
    for (const [anchor, forbidden] of spec.forbid_after ?? []) {
      const a = anchor === null ? -1 : events.findIndex((e) => matches(e, anchor));
      t.true(anchor === null || a !== -1, `anchor ${JSON.stringify(anchor)} never happened; log:\n${log}`);
      const bad = events.findIndex((e, i) => i > a && matches(e, forbidden));
      t.is(bad, -1, `line ${bad} matches ${JSON.stringify(forbidden)} after ${JSON.stringify(anchor)}; log:\n${log}`);
    }
  });
}

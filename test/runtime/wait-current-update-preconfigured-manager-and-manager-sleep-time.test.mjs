// Parity rows 25, 26, 27 (missing): ThreadedManager.waitCurrentUpdate() (Pymoult's
// wait_current_update: resolves when the update under way has ended for good, with its outcome),
// ThreadedManager.setSleepTime() (the pause before a postponed update is tried again, in place of
// the update's own), and generatePreconfiguredManager(managerClass, updateClass, attributes).
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, Manager, Update, SafeRedefineUpdate, generatePreconfiguredManager, log } = require('moult/runtime');
function greet() { return 'v1'; }
module.exports = { greet };

class Bundled extends SafeRedefineUpdate {}
const keep = setInterval(() => {}, 1000);          // the runtime's waits never keep an app alive: the app does
(async () => {
  // A manager preconfigured with an update class and attributes takes bundles of arguments.
  const Pre = generatePreconfiguredManager(ThreadedManager, Bundled, { team: 'ops' });
  const pre = new Pre({ name: 'pre' });
  log('attributes: ' + pre.team + ', none under way: ' + (await pre.waitCurrentUpdate()));
  pre.addUpdate({ args: [module.exports, greet, function greet() { return 'v2'; }, { name: 'bundled' }] });
  log('waited: ' + (await pre.waitCurrentUpdate()) + ', greet: ' + module.exports.greet() + ', made: ' + (pre.pending.length === 0));
  try { generatePreconfiguredManager(Object, Bundled); } catch (e) { log('not a manager: ' + e.code); }
  try { generatePreconfiguredManager(Manager, Object); } catch (e) { log('not an update: ' + e.code); }
  try { pre.addUpdate({ nope: 1 }); } catch (e) { log('not a bundle: ' + e.code); }

  // The manager's sleep time replaces the update's (10 min here) before a retry.
  const m = new ThreadedManager({ name: 'm' });
  m.setSleepTime(0);
  let asked = 0;
  class Later extends Update {
    checkRequirements() { return ++asked < 3 ? 'no' : 'yes'; }
    waitAlterability() { return true; }
  }
  const later = new Later({ name: 'later' });
  later.setSleepTime(600000);
  m.addUpdate(later);
  log('later: ' + (await m.waitCurrentUpdate()) + ' after ' + asked + ' asks');
  try { m.setSleepTime(-1); } catch (e) { log('bad sleep time: ' + e.code); }
  m.stop(); pre.stop(); clearInterval(keep);
})();
`;

test('waitCurrentUpdate, a preconfigured manager taking bundles, and the manager sleep time (rows 25, 26, 27)', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const l = logs(await finish(t, a, 20000));
  t.true(l.includes('attributes: ops, none under way: null'), l.join('\n'));
  t.true(l.includes('waited: completed, greet: v2, made: true'), l.join('\n'));
  t.true(l.includes('not a manager: EBADARG'), l.join('\n'));
  t.true(l.includes('not an update: EBADARG'), l.join('\n'));
  t.true(l.includes('not a bundle: EBADARG'), l.join('\n'));
  t.true(l.includes('later: completed after 3 asks'), l.join('\n'));
  t.true(l.includes('bad sleep time: EBADARG'), l.join('\n'));
});

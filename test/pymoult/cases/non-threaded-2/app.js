// Pymoult examples/tests/managers/nonThreaded2/application.py, line by line (audit c6): failed
// requirements under a polled Manager. Pymoult's log(0, msg) form is kept. The daemon replaces the
// Listener; two more polls than Pymoult's 8 leave room on a loaded machine.
const { Manager, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

function func_v1() {
  log(0, 'v1');
}

const manager = new Manager({ name: 'pymoult' });

async function main() {
  for (let x = 0; x < 10; x++) {
    await manager.applyNextUpdate();
    await sleep(1000);
    func_v1();
  }
}

module.exports = { func_v1, manager };
main();

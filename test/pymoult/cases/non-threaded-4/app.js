// Pymoult examples/tests/managers/nonThreaded4/application.py, line by line (parity audit c8, rows
// 22 and 70). Python's `func_v1()` inside main() looks the name up in the module's globals at each
// call; module.exports.func_v1() is that lookup here. The daemon replaces the Listener. Pymoult
// loops 8 times; two more polls leave room on a loaded machine.
const { Manager, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

function func_v1() {
  log('v1');
}

const manager = new Manager({ name: 'pymoult' });

async function main() {
  for (let x = 0; x < 10; x++) {
    await manager.applyNextUpdate();
    await sleep(1000);
    module.exports.func_v1();
  }
}

module.exports = { func_v1, manager };
main();

// moult update worker examples/worker/speed-up.js
// Changes a local variable of a running function: the worker's main loop is suspended inside
// `await sleep(delay)`; from its next step on it sees delay = 250 and runs four times faster.
const { Update, updateLocalVar } = require('moult/runtime');

module.exports = (ctx) => {
  class SpeedUp extends Update {
    // No need to wait for anything: the change reaches the pending activation wherever it is.
    checkAlterability() { return true; }
    apply() { updateLocalVar(ctx.main.main, 'delay', 250); }
  }
  return new SpeedUp({ name: 'speed-up' });
};

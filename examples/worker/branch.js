// moult update worker examples/worker/branch.js
// rebootFunction: at its update point, the rest of the task's main is replaced by a new function
// that starts from the state the point handed over (here the shared `state`).
const {
  Update, log, rebootFunction, updatePoint,
  setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints,
} = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

// Runs in place of the rest of main; what it returns is what main returns.
async function rest({ state, step }) {
  for (;;) {
    await updatePoint('between-jobs', state);
    const job = state.done + step;
    log(`v3 job ${job} (every ${step}th)`);
    state.done = job;
    await sleep(1000);
  }
}

module.exports = (ctx) => {
  const { task, main } = ctx.main;

  class Branch extends Update {
    preupdateSetup() { setupWaitStaticPoints([task]); }
    waitAlterability() { return waitStaticPoints([task]); }
    cleanFailedAlterability() { cleanFailedStaticPoints([task]); }
    apply() { rebootFunction(task, main, rest, (state) => ({ state, step: 10 })); }
  }

  return new Branch({ name: 'branch', tasks: [task] });
};

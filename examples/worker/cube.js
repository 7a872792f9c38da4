// moult update worker examples/worker/cube.js
// Forced quiescence: instead of waiting for work() to be idle, new calls of work() are held at its
// entry (they get a promise) until the new version is in place; then they run the new version.
const {
  Update, redefineFunction,
  setupForceQuiescence, waitForceQuiescence, cleanForceQuiescence, cleanFailedForceQuiescence,
} = require('moult/runtime');

async function work(job) {
  return job * job * job;
}

module.exports = (ctx) => {
  const { main } = ctx;

  class ForcedRedefinition extends Update {
    preupdateSetup() { this.gate = setupForceQuiescence(main, main.work); }
    waitAlterability() { return waitForceQuiescence(this.gate); }
    cleanFailedAlterability() { cleanFailedForceQuiescence(this.gate); }
    apply() { redefineFunction(main, main.work, work); }
    preresumeSetup() { cleanForceQuiescence(this.gate); } // held calls run the new work()
  }

  return new ForcedRedefinition({ name: 'cube' });
};

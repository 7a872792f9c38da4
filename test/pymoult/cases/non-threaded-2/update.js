// Pymoult examples/tests/managers/nonThreaded2/update.py, line by line.
const { SafeRedefineUpdate, Update, isApplied, log } = require('moult/runtime');

module.exports = (ctx) => {
  const main = ctx.main;

  function func_v2() {
    log(0, 'v2');
  }

  class FailedRequirements extends Update {
    checkRequirements() {
      if (isApplied('func')) return 'yes';
      return 'no';
    }

    checkAlterability() { return true; }

    apply() {}
  }

  const update1 = new FailedRequirements({ name: 'requirements' });
  const update2 = new SafeRedefineUpdate(main, main.func_v1, func_v2, { name: 'func' });
  main.manager.addUpdate(update1);
  main.manager.addUpdate(update2);
};

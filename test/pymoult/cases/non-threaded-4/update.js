// Pymoult examples/tests/managers/nonThreaded4/update.py, line by line: the first update's
// alterability holds only once the second one has rebound main.func_v1 to func_v2
// (Pymoult's redefineFunction does setattr(module, name, g)).
const { SafeRedefineUpdate, Update, log } = require('moult/runtime');

module.exports = (ctx) => {
  const main = ctx.main;

  function func_v2() {
    log('v2');
  }

  class FailedAlterability extends Update {
    checkAlterability() { return main.func_v1 === func_v2; }
    apply() {}
  }

  const update1 = new FailedAlterability({ name: 'alterability' });
  update1.setMaxTries(3);
  const update2 = new SafeRedefineUpdate(main, main.func_v1, func_v2, { name: 'func' });
  main.manager.addUpdate(update1);
  main.manager.addUpdate(update2);
};

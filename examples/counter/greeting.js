// moult update counter examples/counter/greeting.js
// A hand-made Update using the hooks directly. It requires fix-render.js to have completed first
// (checkRequirements), waits until render() is quiescent, redefines it, and logs along the way.
const {
  Update, isApplied, checkQuiescenceOfFunction, redefineFunction,
} = require('moult/runtime');

module.exports = (ctx) => {
  const { render } = ctx.main;

  function greeting(count) {
    const hour = new Date().getHours();
    const hello = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
    return `${hello}, visitor number ${count}!\n`;
  }

  class Greeting extends Update {
    // 'yes': go on; 'no': postpone and ask again later; 'never': abort.
    checkRequirements() { return isApplied('fix-render') ? 'yes' : 'never'; }
    preupdateSetup() { ctx.log('greeting: requirements met'); }
    checkAlterability() { return checkQuiescenceOfFunction(render); }
    apply() { redefineFunction(ctx.main, render, greeting); }
    checkOver() { return render(1).includes('visitor number 1'); }
    cleanup() { ctx.log('greeting: installed'); }
    rollback() { ctx.log('greeting: rolled back'); }
  }

  const update = new Greeting({ name: 'greeting' });
  update.setMaxTries(5);     // alterability gives up after maxTries × sleepTime
  update.setSleepTime(200);  // ms
  return update;
};

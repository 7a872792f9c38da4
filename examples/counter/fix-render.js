// moult update counter examples/counter/fix-render.js
// Replaces render() while the server runs. Every reference to the old render (here: the request
// handler's own call) runs the new one from now on; `count` lives on in the server's closure.
const { SafeRedefineUpdate } = require('moult/runtime');

function render(count) {
  const plural = count === 1 ? '' : 's';
  return `You are visitor number ${count}. Thanks for the ${count} visit${plural}!\n`;
}

module.exports = (ctx) =>
  // Applied as soon as the old render is quiescent (not running); the update is named after this
  // file: "fix-render". No manager is named, so it goes to the app's default manager.
  new SafeRedefineUpdate(ctx.main, ctx.main.render, render);

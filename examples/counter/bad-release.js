// moult update counter examples/counter/bad-release.js
// A release that breaks the app's health check: the daemon sees /health answer 500 after the
// update, rolls it back in place (update.rolledback, mode hot) and `moult update` exits 1.
const { SafeRedefineUpdate } = require('moult/runtime');

module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.healthy, () => false, { name: 'bad-release' });

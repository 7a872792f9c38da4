// What a user of an express app declares with serve-static 1.16.0 (CVE-2024-43800): the app built
// its static middleware at start-up (`express.static(dir)` in app.js), and serve-static made the
// directory-redirect listener then (createRedirectDirectoryListener), which the release changes.
// The hook builds the middleware again, with the app's folder and options.
const path = require('node:path');

module.exports = {
  'serve-static': (ctx) => {
    const serveStatic = ctx.module('serve-static');
    const Layer = ctx.module('express/lib/router/layer.js');
    for (const layer of ctx.instances(Layer)) {
      if (layer.name === 'serveStatic') ctx.set(layer, 'handle', serveStatic(path.join(process.cwd(), 'public')));
    }
  },
};

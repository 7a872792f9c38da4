// What a user of an express app declares with body-parser 1.20.3 (CVE-2024-45590): the app built
// its urlencoded middleware at start-up (`bodyParser.urlencoded({ extended: true })` in app.js),
// and body-parser keeps the query-string parser it loaded then (qs 6.11, which ignores the new
// strictDepth option). The hook forgets that parser (the next one body-parser loads is the qs
// 6.13.0 the release installs) and builds the middleware again with the app's options.
module.exports = {
  'body-parser': (ctx) => {
    const scope = ctx.scope('node_modules/body-parser/lib/types/urlencoded.js');
    const setParsers = scope('(v) => { parsers = v; }');
    const before = scope('parsers');
    setParsers(Object.create(null));
    const bodyParser = ctx.module('body-parser');
    const Layer = ctx.module('express/lib/router/layer.js');
    for (const layer of ctx.instances(Layer)) {
      if (layer.name === 'urlencodedParser') ctx.set(layer, 'handle', bodyParser.urlencoded({ extended: true }));
    }
    return () => setParsers(before);
  },
};

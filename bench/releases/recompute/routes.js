// What a user of an express 4 app declares with a release that changes how routes compile
// (path-to-regexp itself, or express 4.20.0, which moves express to path-to-regexp 0.1.10):
// express compiled each route's RegExp once, at start-up (`new Layer(path)` sets layer.regexp);
// compile them again, with the code the release puts in force. This app's routes are all
// `app.get/post(path, …)` (Route layers, which keep their path) with the router's default
// options; its app.use() middlewares have no parameters in their paths.
function recompileRoutes(ctx) {
  const Layer = ctx.module('express/lib/router/layer.js');
  for (const layer of ctx.instances(Layer)) {
    if (!layer.route) continue;
    const fresh = new Layer(layer.route.path, { sensitive: false, strict: false, end: true }, layer.handle);
    ctx.set(layer, 'regexp', fresh.regexp);
    ctx.set(layer, 'keys', fresh.keys);
  }
}

module.exports = {
  'path-to-regexp': recompileRoutes,
  'node_modules/express/lib/router/layer.js#Layer': recompileRoutes,
  // express 4.20.0 also moves merge-descriptors 1.0.1 → 1.0.3, which express() used at start-up:
  // the app object it made got the same properties from both (1.0.3 differs in whitespace and a
  // comment): nothing to recompute for it, and the user says so.
  'node_modules/express/lib/express.js#createApplication': () => {},
};

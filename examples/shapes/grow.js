// moult update shapes examples/shapes/grow.js
// Walks the object graph reachable from the app's exports (cycle-safe) and calls walk_<TypeName>
// for each object: every Shape found grows by one.
const { HeapTraversalUpdate, HeapWalker } = require('moult/runtime');

class Grow extends HeapWalker {
  constructor() {
    super();
    this.grown = 0;
  }

  walk_Shape(shape) {
    shape.size += 1;
    this.grown += 1;
  }
}

module.exports = (ctx) => {
  const walker = new Grow();
  const update = new HeapTraversalUpdate(walker, { name: 'grow', modules: [ctx.main] });
  update.cleanup = () => ctx.log(`grew ${walker.grown} shapes`);
  return update;
};

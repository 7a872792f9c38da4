// moult update shapes examples/shapes/describe-method.js
// Replaces one method of the class. Existing instances, the class's other methods and any stored
// reference to the old method run the new one; instances keep their fields.
const { SafeRedefineMethodUpdate } = require('moult/runtime');

function describe() {
  return `${this.kind}(${this.size}) covers ${this.area()} square units`;
}

module.exports = (ctx) => new SafeRedefineMethodUpdate(ctx.main.Shape, 'describe', describe, { name: 'describe-v2' });

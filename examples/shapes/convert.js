// moult update shapes examples/shapes/convert.js
// Every live Shape becomes a ShapeV2 with a `color` field; the transformer fills it in. The objects
// keep their identity and their fields: only their class (prototype) changes.
const { EagerConversionUpdate, log } = require('moult/runtime');

class ShapeV2 {
  constructor(kind, size, color = 'grey') {
    this.kind = kind;
    this.size = size;
    this.color = color;
  }

  area() {
    return this.kind === 'square' ? this.size * this.size : Math.round(Math.PI * this.size * this.size);
  }

  describe() {
    return `${this.color} ${this.kind} of size ${this.size}, area ${this.area()}`;
  }
}

const COLORS = { square: 'red', circle: 'blue' };

function addColor(shape) {
  shape.color = COLORS[shape.kind] ?? 'grey';
}

module.exports = (ctx) => {
  const update = new EagerConversionUpdate(ctx.main.Shape, ShapeV2, addColor, {
    name: 'shape-color',
    // The app's exports now name ShapeV2 too, so later updates find the new class there.
    module: ctx.main,
  });
  ctx.log(`converting the live shapes to ${ShapeV2.name}`);
  return update;
};

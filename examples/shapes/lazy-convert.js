// moult update shapes examples/shapes/lazy-convert.js
// The lazy twin of convert.js: nothing is touched when the update applies; each live Shape becomes
// a ShapeV2 on its first use afterwards (here: the painter's next describe() call).
const { LazyConversionUpdate, log } = require('moult/runtime');

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

function addColor(shape) {
  shape.color = shape.kind === 'circle' ? 'blue' : 'red';
  log(`converted a ${shape.kind} of size ${shape.size}`);
}

module.exports = (ctx) => new LazyConversionUpdate(ctx.main.Shape, ShapeV2, addColor, { name: 'shape-color-lazy', module: ctx.main });

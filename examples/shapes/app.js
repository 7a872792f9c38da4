// Shapes that live in memory, and a task that logs them every two seconds. convert.js gives every
// live Shape a new field (a colour) and a new describe(), without a restart.
const { DsuTask, ThreadedManager, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

class Shape {
  constructor(kind, size) {
    this.kind = kind;
    this.size = size;
  }

  area() {
    return this.kind === 'square' ? this.size * this.size : Math.round(Math.PI * this.size * this.size);
  }

  describe() {
    return `${this.kind} of size ${this.size}, area ${this.area()}`;
  }
}

// Exported so that a HeapTraversalUpdate can walk to them from the module's exports. Conversion
// updates do not need this: they find every live instance of a class by themselves.
const shapes = [new Shape('square', 2), new Shape('circle', 1), new Shape('square', 5)];

async function main() {
  for (;;) {
    log(shapes.map((s) => s.describe()).join(' | '));
    await sleep(2000);
  }
}

const task = new DsuTask({ name: 'painter', main });
// The manager that updates of this app go to (the ecosystem file names it too).
const manager = new ThreadedManager({ name: 'shapes', tasks: [task] });
module.exports = { Shape, shapes, task, manager };
task.start();

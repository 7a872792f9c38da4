// The pattern of Pymoult's examples/simpleserver/k42 (audit c18, row 68): one manager converts the
// live Site objects lazily with a transformer, another rebinds the module's Site to SiteV2 with
// redefineClass. Pymoult's redefineClass only rebinds the name, so the lazy transformer still runs
// on each old object at its first use. The server's socket loop is a task here.
const { ThreadedManager, DsuTask, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

class Site {
  constructor(name) {
    this.name = name;
    this.pages = [];
  }

  show() {
    return `v1 site ${this.name}`;
  }
}

const sites = [new Site('a'), new Site('b')];

async function main() {
  for (let x = 0; x < 8; x++) {
    if (x === 4) sites.push(new module.exports.Site('c'));   // a new site, made through the module's name
    for (const s of sites) log(s.show());
    await sleep(1000);
  }
}

const task = new DsuTask({ name: 'main thread', main });
const siteManager = new ThreadedManager({ name: 'site', tasks: [task] });
const functionsManager = new ThreadedManager({ name: 'functions', tasks: [task] });
module.exports = { Site, sites, task, siteManager, functionsManager };
task.start();

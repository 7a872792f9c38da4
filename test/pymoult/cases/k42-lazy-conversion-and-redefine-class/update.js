// k42/update.py's shape: LazyConversionUpdate(Site, SiteV2, transformer) on one manager, a
// ClassUpdate whose apply is redefineClass(main, main.Site, SiteV2) on another.
const { LazyConversionUpdate, Update, redefineClass, log } = require('moult/runtime');

module.exports = (ctx) => {
  const main = ctx.main;

  class SiteV2 {
    constructor(name, owner = 'nobody') {
      this.name = name;
      this.pages = [];
      this.owner = owner;
    }

    show() {
      return `v2 site ${this.name} owner=${this.owner}`;
    }
  }

  function transformerSite(site) {
    site.owner = 'PUBLIC';
    log(`converted ${site.name}`);
  }

  class ClassUpdate extends Update {
    waitAlterability() { return true; }
    apply() { redefineClass(main, main.Site, SiteV2); }
  }

  main.siteManager.addUpdate(new LazyConversionUpdate(main.Site, SiteV2, transformerSite, { name: 'site' }));
  main.functionsManager.addUpdate(new ClassUpdate({ name: 'classes' }));
};

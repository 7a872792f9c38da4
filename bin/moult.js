#!/usr/bin/env node
// The moult CLI. `run` becomes the daemon itself (foreground, for systemd); every other verb is a
// client of the daemon.
'use strict';
// Node 22.1+ keeps the compiled code of moult's modules (yargs, node-ipc, the CLI) between runs:
// most of a short command's time is compiling them. Kept in the user's own moult home (0700, ours),
// never in a shared /tmp where someone else could plant a cache entry.
(function compileCache() {
  const mod = require('node:module');
  if (typeof mod.enableCompileCache !== 'function') return;
  try {
    const root = process.env.MOULT_HOME || require('node:path').join(require('node:os').homedir(), '.moult');
    // Only inside a home moult has already checked and made (its cache/ exists, ours, 0700): the
    // CLI must write nothing before the home's checks (parents included) have run.
    const cache = require('node:path').join(root, 'cache');
    for (const folder of [root, cache]) {
      const st = require('node:fs').statSync(folder);
      if (!st.isDirectory() || st.uid !== process.getuid() || (st.mode & 0o077) !== 0) return;
    }
    const dir = require('node:path').join(cache, 'compile');
    require('node:fs').mkdirSync(dir, { recursive: true, mode: 0o700 }); // before Node makes it with the umask's mode
    mod.enableCompileCache(dir);
  } catch { /* no home yet (first run) or no cache: the command runs the same, compiled afresh */ }
})();
const name = require('node:path').basename(process.argv[1]).replace(/\.js$/, '');
const args = process.argv.slice(2);
const quick = args[0] === 'update' || args[0] === 'patch' ? require('../dist/client/quick-update.js') : null;
const quickUpdate = quick && quick.quickUpdateArgs(args);
if (args[0] === 'run' && args[1] && !args.includes('--help')) {
  require('../dist/daemon/main.js').runDaemon({ ecosystem: args[1] }).catch((err) => {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(err.code === 'ECONFIG' ? 2 : 1);
  });
} else if (quickUpdate) {
  quick.quickUpdate(quickUpdate, name).then((code) => { process.exitCode = code; });
} else if (require('../dist/client/quick-ls.js').isQuickLs(args)) {
  require('../dist/client/quick-ls.js').quickLs(args, name).then((code) => { process.exitCode = code; });
} else {
  require('../dist/client/cli.js').main(args, name).then((code) => { process.exitCode = code; });
}

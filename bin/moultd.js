#!/usr/bin/env node
// The moult CLI. `run` becomes the daemon itself (foreground, for systemd); every other verb is a
// client of the daemon.
'use strict';
const name = require('node:path').basename(process.argv[1]).replace(/\.js$/, '');
const args = process.argv.slice(2);
if (args[0] === 'run' && args[1] && !args.includes('--help')) {
  require('../dist/daemon/main.js').runDaemon({ ecosystem: args[1] }).catch((err) => {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(err.code === 'ECONFIG' ? 2 : 1);
  });
} else if (require('../dist/client/quick-ls.js').isQuickLs(args)) {
  require('../dist/client/quick-ls.js').quickLs(args, name).then((code) => { process.exitCode = code; });
} else {
  require('../dist/client/cli.js').main(args, name).then((code) => { process.exitCode = code; });
}

// How an app's log file is opened for its process to write to (fork mode here, cluster workers in
// their primary). A file in the home's logs/ folder is the daemon's own: opened without following a
// symlink, and only if it is a file of the daemon's user that no one else can write (anything else
// is moved aside and a new file made, audit rows 1.8 and 1.12: a symlink planted there made a root
// daemon append app output to a root-only file). An out_file/error_file elsewhere is the user's
// choice, opened as written (as pm2 does: /dev/null, /dev/stdout). Either way a new file is 0600:
// app output may carry secrets, and the daemon's own moultd.log is 0600 too.
import fs from 'node:fs';
import path from 'node:path';
import { openOwnedAppend } from '../../protocol/owned-file';

export function openAppLog(file: string, logsDir: string, warn: (msg: string) => void): number {
  if (path.dirname(path.resolve(file)) === path.resolve(logsDir)) return openOwnedAppend(file, warn);
  return fs.openSync(file, 'a', 0o600);
}

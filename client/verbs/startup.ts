// `moult startup systemd`: a unit that runs the daemon in the foreground under systemd.
import os from 'node:os';
import path from 'node:path';
import { MOULTD_BIN } from '../../protocol/package-files';

export function systemdUnit(o: { user: boolean; ecosystem: string; home: string }): { path: string; text: string } {
  const bin = MOULTD_BIN;
  const text = `[Unit]
Description=moult process supervisor (live-updatable Node.js apps)
After=network.target

[Service]
Type=simple
Environment=MOULT_HOME=${o.home}
ExecStart=${process.execPath} ${bin} run ${o.ecosystem}
KillMode=process
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure

[Install]
WantedBy=${o.user ? 'default.target' : 'multi-user.target'}
`;
  const unitPath = o.user ? path.join(os.homedir(), '.config', 'systemd', 'user', 'moult.service') : '/etc/systemd/system/moult.service';
  return { path: unitPath, text };
}

// Docker Desktop for Windows' two contexts as it writes them (meta.json, no TLS folder), with
// desktop-linux current: shared by the npipe unit tests and the recorded Docker Desktop engine tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextDirName } from '../../client/src/engine/endpoint';

export function writeDesktopContexts(config: string): void {
  for (const [name, pipe] of [
    ['desktop-linux', 'dockerDesktopLinuxEngine'],
    ['desktop-windows', 'dockerDesktopWindowsEngine'],
  ]) {
    const dir = path.join(config, 'contexts', 'meta', contextDirName(name));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: 'Docker Desktop' }, Endpoints: { docker: { Host: `npipe:////./pipe/${pipe}`, SkipTLSVerify: false } } }));
  }
  fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'desktop-linux' }));
}

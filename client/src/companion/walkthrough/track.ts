// The walkthrough's glue to VS Code (progress.ts holds the logic): the session's engine events
// and the language server's wanted images in, context keys out.
import * as vscode from 'vscode';
import type { EngineSession } from '../../explorer/session';
import type { ServerLink } from '../../link';
import { WalkthroughProgress } from './progress';

export function trackWalkthrough(session: EngineSession, server: Pick<ServerLink, 'wantedImages' | 'onDidRequestImages'>): { progress: WalkthroughProgress; disposable: vscode.Disposable } {
  const progress = new WalkthroughProgress((key, value) => void Promise.resolve(vscode.commands.executeCommand('setContext', key, value)).catch(() => undefined));
  const subs = [session.onDidReceiveEvent((ev) => progress.engineEvent(ev)), server.onDidRequestImages((refs) => progress.wantedImages(refs))];
  // The server may have named the open files' images before the workbench loaded.
  progress.wantedImages(server.wantedImages);
  return { progress, disposable: vscode.Disposable.from(...subs) };
}

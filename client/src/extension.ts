// Composes the extension: settings, the context owning the language client. Nothing else lives here.
import type * as vscode from 'vscode';
import { Config } from './config';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = new Config();
  ctx = new Ctx(context, config);
  context.subscriptions.push(config, ctx);
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}

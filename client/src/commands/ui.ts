// Every question a command asks and every message it shows goes through this one interface, so
// tests can answer the questions (by id) and read the messages, while users get VS Code's own
// input boxes, pickers, dialogs and notifications.
import * as vscode from 'vscode';

export interface InputRequest {
  /** Stable id a test answers by, e.g. `build.tag`. */
  id: string;
  title?: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  /** Returns the message to show for a bad value, undefined when fine. */
  validate?: (value: string) => string | undefined;
}

export interface PickRequest<T extends vscode.QuickPickItem> {
  id: string;
  title?: string;
  placeHolder: string;
  items: readonly T[];
}

export interface ConfirmRequest {
  id: string;
  message: string;
  detail?: string;
  /** Button labels; the answer is one of them, or undefined for Cancel. */
  buttons: readonly string[];
}

export interface Ui {
  input(req: InputRequest): Promise<string | undefined>;
  pick<T extends vscode.QuickPickItem>(req: PickRequest<T>): Promise<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(req: PickRequest<T>): Promise<readonly T[] | undefined>;
  /** A modal question. */
  confirm(req: ConfirmRequest): Promise<string | undefined>;
  saveFile(req: { id: string; title: string; defaultUri?: vscode.Uri; filters?: Record<string, string[]> }): Promise<vscode.Uri | undefined>;
  openFile(req: { id: string; title: string; folders?: boolean; defaultUri?: vscode.Uri; filters?: Record<string, string[]> }): Promise<vscode.Uri | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  openExternal(uri: vscode.Uri): Promise<boolean>;
  copy(text: string): Promise<void>;
}

export const vscodeUi: Ui = {
  async input(req) {
    return vscode.window.showInputBox({
      title: req.title,
      prompt: req.prompt,
      value: req.value,
      placeHolder: req.placeHolder,
      ignoreFocusOut: true,
      validateInput: req.validate ? (v) => req.validate?.(v) : undefined,
    });
  },
  async pick(req) {
    return vscode.window.showQuickPick([...req.items], { title: req.title, placeHolder: req.placeHolder, ignoreFocusOut: true });
  },
  async pickMany(req) {
    return vscode.window.showQuickPick([...req.items], { title: req.title, placeHolder: req.placeHolder, ignoreFocusOut: true, canPickMany: true });
  },
  async confirm(req) {
    return vscode.window.showWarningMessage(req.message, { modal: true, detail: req.detail }, ...req.buttons);
  },
  async saveFile(req) {
    return vscode.window.showSaveDialog({ title: req.title, defaultUri: req.defaultUri, filters: req.filters });
  },
  async openFile(req) {
    const picked = await vscode.window.showOpenDialog({
      title: req.title,
      defaultUri: req.defaultUri,
      canSelectFiles: !req.folders,
      canSelectFolders: !!req.folders,
      canSelectMany: false,
      filters: req.filters,
    });
    return picked?.[0];
  },
  info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  warn: (message, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
  error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  openExternal: (uri) => Promise.resolve(vscode.env.openExternal(uri)),
  copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
};

// The terminal a task runs in (a CustomExecution's Pseudoterminal): the work starts when VS Code
// opens it, writes lines to it, and its result is the task's exit code. Terminating the task
// closes the terminal, which aborts the work's signal: the build is cancelled, the container stopped.
import * as vscode from 'vscode';
import { TextTail } from '../engine/tail';

export type TaskWork = (t: TaskTerminal, signal: AbortSignal) => Promise<number>;

export class TaskTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private finished = false;
  /** What was written, its last 1 MiB (the terminal shows all of it). */
  readonly transcript = new TextTail({ eol: '\r\n' });

  constructor(private readonly work: TaskWork) {}

  open(): void {
    this.work(this, this.controller.signal).then(
      (code) => this.finish(code),
      (err: unknown) => {
        this.line(`\x1b[31m${err instanceof Error ? err.message : String(err)}\x1b[0m`);
        this.finish(1);
      },
    );
  }

  /** VS Code closes it when the task is terminated (or the terminal killed). */
  close(): void {
    this.controller.abort();
  }

  write(text: string): void {
    const t = text.replace(/\r?\n/g, '\r\n');
    this.transcript.append(t);
    this.writeEmitter.fire(t);
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.closeEmitter.fire(code);
  }
}

// A VS Code terminal over an engine stream (an exec or attach with a TTY, or followed logs): no
// docker CLI, no shell string; what the user types goes to the stream as bytes.
import * as vscode from 'vscode';
import { TextTail } from '../engine/tail';

export interface PtyStream {
  /** Duplex for shells and attach; undefined for read-only streams such as logs. */
  write?(data: string): void;
  onData(listener: (text: string) => void): void;
  onEnd(listener: () => void): void;
  resize?(cols: number, rows: number): Promise<void> | void;
  close(): void;
}

export interface StreamTerminal {
  terminal: vscode.Terminal;
  /** What was written to the terminal so far: its last OUTPUT_TAIL_LIMIT characters (tests read it). */
  transcript(): string;
  /** Resolves when the stream ended. */
  ended: Promise<void>;
}

/** Output without a TTY uses bare \n; a terminal needs \r\n. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function openStreamTerminal(name: string, open: () => Promise<PtyStream>, opts: { rawTty: boolean; iconId?: string }): StreamTerminal {
  const writeEmitter = new vscode.EventEmitter<string>();
  const closeEmitter = new vscode.EventEmitter<number | void>();
  let stream: PtyStream | undefined;
  // The terminal keeps its own scrollback; this copy is bounded so an endless stream cannot grow it.
  const transcript = new TextTail({ eol: '\r\n' });
  let endResolve: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endResolve = resolve));
  let size: { cols: number; rows: number } | undefined;
  const emit = (text: string): void => {
    transcript.append(text);
    writeEmitter.fire(text);
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: writeEmitter.event,
    onDidClose: closeEmitter.event,
    open: (dims) => {
      size = dims ? { cols: dims.columns, rows: dims.rows } : undefined;
      open().then(
        (s) => {
          stream = s;
          s.onData((text) => emit(opts.rawTty ? text : crlf(text)));
          s.onEnd(() => {
            emit('\r\n[stream ended]\r\n');
            endResolve();
          });
          if (size) void Promise.resolve(s.resize?.(size.cols, size.rows)).catch(() => undefined);
        },
        (err: unknown) => {
          emit(`\r\n${crlf(err instanceof Error ? err.message : String(err))}\r\n`);
          endResolve();
        },
      );
    },
    close: () => {
      stream?.close();
      endResolve();
    },
    handleInput: (data) => stream?.write?.(data),
    setDimensions: (dims) => {
      size = { cols: dims.columns, rows: dims.rows };
      void Promise.resolve(stream?.resize?.(dims.columns, dims.rows)).catch(() => undefined);
    },
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(opts.iconId ?? 'terminal') });
  return { terminal, transcript: () => transcript.text(), ended };
}

/** Adapts a raw duplex (hijacked exec/attach stream) to PtyStream. */
export function duplexPty(stream: NodeJS.ReadWriteStream, resize?: (cols: number, rows: number) => Promise<void>): PtyStream {
  return {
    write: (data) => void stream.write(data),
    onData: (listener) => void stream.on('data', (chunk: Buffer | string) => listener(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))),
    onEnd: (listener) => {
      let done = false;
      const once = (): void => {
        if (!done) {
          done = true;
          listener();
        }
      };
      stream.on('end', once);
      stream.on('close', once);
      stream.on('error', once);
    },
    resize,
    close: () => (stream as unknown as { destroy?: () => void }).destroy?.(),
  };
}

// An SSH exec channel dressed as the socket http.Agent expects: setTimeout (an idle timer),
// setKeepAlive, setNoDelay, ref and unref. The channel's end is held back until the channel has
// closed, so that a remote command that failed at once (its exit status and stderr arrive around
// the EOF) ends the HTTP request with that error rather than a bare "socket hang up".
import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';

export class ChannelSocket extends Duplex {
  timeout = 0;
  private idle: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly channel: ClientChannel,
    /** Called once when the channel closes; an error returned ends the socket with it. */
    onClose: () => Error | undefined,
  ) {
    super({ allowHalfOpen: false });
    channel.on('data', (chunk: Buffer) => {
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.on('end', () => {
      this.ended = true;
    });
    channel.on('error', (err: Error) => this.destroy(err));
    channel.once('close', () => {
      this.clearIdle();
      const err = onClose();
      if (err) this.destroy(err);
      else {
        this.push(null);
        // Readable side ended; the writable side has nowhere to go either.
        if (!this.destroyed) this.destroy();
      }
    });
  }

  /** True once the remote side sent EOF (for tests). */
  get remoteEnded(): boolean {
    return this.ended;
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.touch();
    this.channel.write(chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.channel.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.clearIdle();
    try {
      this.channel.close();
    } catch {
      // already closed
    }
    cb(err);
  }

  setTimeout(ms: number, listener?: () => void): this {
    this.timeout = ms;
    if (listener) this.once('timeout', listener);
    this.touch();
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  private touch(): void {
    this.clearIdle();
    if (this.timeout > 0 && !this.destroyed) this.idle = setTimeout(() => this.emit('timeout'), this.timeout);
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
  }
}

export function socketLike(channel: ClientChannel, onClose: () => Error | undefined): ChannelSocket {
  return new ChannelSocket(channel, onClose);
}

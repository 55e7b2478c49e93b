import WebSocket from 'ws';

/** A test WebSocket client that records every message and can wait for one matching a predicate. */
export class WsClient {
  readonly messages: any[] = [];
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => (w.pred(msg) ? (w.resolve(msg), false) : true));
    });
    socket.on('close', () => (this.closed = true));
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WsClient> {
    const socket = new WebSocket(url, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket);
  }

  send(msg: object): void {
    this.socket.send(JSON.stringify(msg));
  }

  /** Resolves with the first message (already received or future) matching `pred`. */
  waitFor(pred: (m: any) => boolean, ms = 10_000, what = 'message'): Promise<any> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages)}`)), ms);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async request(msg: object, type: string): Promise<any> {
    const before = this.messages.length;
    this.send(msg);
    return this.waitFor((m) => this.messages.indexOf(m) >= before && (m.type === type || m.type === 'error'), 5_000, type);
  }

  close(): void {
    this.socket.terminate();
  }
}

/**
 * A LISTEN connection of its own that keeps itself up: `onUp` once the channel is listened to
 * (whatever was announced before that was not heard), `onDown` when the connection is lost, then
 * a new try every second until `close()`.
 */
import { Client } from 'pg';

export interface ListenerHandlers {
  onNotify(payload: string): void;
  onUp?(): void;
  onDown?(why: string): void;
}

export class Listener {
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  up = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    private readonly applicationName = `permission-${channel.replace(/_/g, '-')}`,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: this.applicationName });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      const was = this.up;
      this.up = false;
      void client.end().catch(() => undefined);
      if (was) this.handlers.onDown?.(why);
      if (this.closed) return;
      this.retry = setTimeout(() => void this.start(), 1000);
      this.retry.unref();
    };
    this.client = client;
    client.on('notification', (n) => this.handlers.onNotify(n.payload ?? ''));
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.client !== client) return;
      this.up = true;
      this.handlers.onUp?.();
    } catch (err) {
      lost((err as Error).message);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    this.up = false;
    await c?.end().catch(() => undefined);
  }
}

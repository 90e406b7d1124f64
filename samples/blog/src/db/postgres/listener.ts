import { Client } from 'pg';
import { poolConfig } from './database';

/** The channel the `posts_notify` trigger (migration 3) notifies on each new post. */
const CHANNEL = 'blog_new_post';

/**
 * One connection per process that LISTENs for new posts and calls `onNotify` on each NOTIFY, from
 * any client of the database. It connects on first use; if it drops, the next `start()` reconnects,
 * and the feed's poll carries on meanwhile, so nothing is lost, only heard later.
 */
export class PostListener {
  private client: Promise<Client> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.client !== undefined || this.closed) return;
    const client = new Client(poolConfig(this.url));
    const drop = (error: unknown) => {
      this.onError(error);
      if (this.client === connected) this.client = undefined;
      client.end().catch(() => {});
    };
    client.on('notification', this.onNotify);
    client.on('error', drop);
    const connected = client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => client);
    connected.catch(drop);
    this.client = connected;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.then((c) => c.end()).catch(() => {});
  }
}

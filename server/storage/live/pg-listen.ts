// The PostgreSQL wake-up of the live feed: one dedicated connection LISTENs on
// the feed's channel and calls `onNotify` for each NOTIFY (its payload, an id,
// is not trusted: the tail reads the feed itself). A dropped connection is
// reopened after a pause; meanwhile the feed's slow poll still delivers. An
// `onNotify` that throws is reported, never thrown into the connection's events.
import pg from 'pg';
import type { Closable } from '../store.ts';
import { FEED_CHANNEL } from './feed-repo.ts';

const RECONNECT_MS = 1_000;

export async function listenForFeed(options: { connectionString: string; onNotify: () => void; onError: (error: unknown) => void }): Promise<Closable> {
  const notify = (): void => {
    try {
      options.onNotify();
    } catch (error) {
      options.onError(error);
    }
  };
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel === FEED_CHANNEL) notify();
    });
    next.on('error', (error) => {
      options.onError(error);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      schedule();
    });
    await next.connect();
    await next.query(`LISTEN ${FEED_CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    // Whatever was committed while no one listened.
    notify();
  };
  const schedule = (): void => {
    if (closed || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((error: unknown) => {
        options.onError(error);
        schedule();
      });
    }, RECONNECT_MS);
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      await client?.end();
      client = null;
    },
  };
}

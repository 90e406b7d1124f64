import type { BlogStore } from './store';

/**
 * `@Depends(Transaction)`: the store, inside a transaction that commits when the handler succeeds
 * and rolls back when it throws (an `HttpException` included), before the answer is written. A
 * client that gets an error never leaves half of its writes behind.
 *
 * better-sqlite3 is synchronous and the blog has one connection, so a transaction must not span a
 * wait for I/O: a handler that takes this does its writes without `await`. Transactions of
 * concurrent requests take turns.
 */
export class Transaction {
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly store: BlogStore) {}

  async *resolve(): AsyncGenerator<BlogStore, void, unknown> {
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise((resolve) => (release = resolve));
    await previous;
    const { db, feed } = this.store;
    db.exec('BEGIN IMMEDIATE');
    try {
      yield this.store;
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      release();
    }
    feed.publish();
  }
}

import type { BlogStore, StoreTransaction } from './store';

/**
 * `@Depends(Transaction)`: writes that commit after the handler succeeds and roll back when it
 * throws (an `HttpException` included), before the answer is written, so a client that gets an
 * error never leaves half of its writes behind. On SQLite, a handler that takes it awaits only the
 * transaction's own methods (see `SqliteStore.begin`).
 */
export class Transaction {
  constructor(private readonly store: BlogStore) {}

  async *resolve(): AsyncGenerator<StoreTransaction, void, unknown> {
    const tx = await this.store.begin();
    try {
      yield tx;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
    await tx.commit();
  }
}

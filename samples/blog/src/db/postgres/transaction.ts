import type { Pool, PoolClient } from 'pg';
import type { PostRow, StoreTransaction } from '../store';

/**
 * `BlogStore.begin()` on PostgreSQL: a connection of the pool of its own, in BEGIN until the commit
 * or the rollback gives it back; `readPost` reads a post on that connection (its writes are not
 * visible to the pool before the commit).
 */
export async function beginTransaction(
  pool: Pool,
  readPost: (client: PoolClient, id: number) => Promise<PostRow>,
): Promise<StoreTransaction> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  const end = async (sql: string) => {
    try {
      await client.query(sql);
      client.release();
    } catch (error) {
      // A connection whose state is unknown is not given to the next request.
      client.release(error as Error);
      throw error;
    }
  };
  return {
    async insertPost(authorId, title, body, id) {
      const { rows } =
        id === undefined
          ? await client.query<{ id: number }>(
              'INSERT INTO posts (author_id, title, body) VALUES ($1, $2, $3) RETURNING id',
              [authorId, title, body],
            )
          : await client.query<{ id: number }>(
              'INSERT INTO posts (id, author_id, title, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id',
              [id, authorId, title, body],
            );
      if (rows.length === 0) return undefined;
      if (id !== undefined) {
        // As putPost does: an explicit id moves the identity sequence past it.
        await client.query(
          "SELECT setval('posts_id_seq', $1) FROM posts_id_seq WHERE last_value < $1 OR NOT is_called",
          [id],
        );
      }
      return readPost(client, rows[0].id);
    },
    commit: () => end('COMMIT'),
    rollback: () => end('ROLLBACK'),
  };
}

import type { PostRow } from './store';

/** A post joined with its author, as one flat SQL row. */
export interface FlatPost {
  id: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  author_id: number;
  author_email: string;
  author_password_hash: string;
  author_createdAt: string;
}

/** The flat row as `PostRow`, the author nested as an ORM would hand it over. */
export function nest(row: FlatPost): PostRow {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: {
      id: row.author_id,
      email: row.author_email,
      password_hash: row.author_password_hash,
      createdAt: row.author_createdAt,
    },
  };
}

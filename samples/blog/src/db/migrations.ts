/**
 * The schema, one step per version. `PRAGMA user_version` records how far a file has come, so a
 * new step is appended here and runs once on every existing database at the next start.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id            INTEGER PRIMARY KEY,
     email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL,
     created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );
   CREATE TABLE sessions (
     token      TEXT PRIMARY KEY,
     user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE posts (
     id         INTEGER PRIMARY KEY,
     author_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     title      TEXT NOT NULL,
     body       TEXT NOT NULL,
     created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );
   CREATE INDEX posts_by_author ON posts(author_id);`,
  `CREATE TABLE settings (
     key   TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // A counter every change to posts bumps, whoever makes it (any worker, the sqlite3 shell): the CSV
  // snapshot is rewritten only when it moved, so its ETag holds while the data does. It starts at a
  // random number, so a database recreated beside an old exports folder does not meet its files.
  `INSERT INTO settings (key, value) VALUES ('posts_version', abs(random() % 1000000000));
   CREATE TRIGGER posts_version_insert AFTER INSERT ON posts BEGIN
     UPDATE settings SET value = value + 1 WHERE key = 'posts_version';
   END;
   CREATE TRIGGER posts_version_update AFTER UPDATE ON posts BEGIN
     UPDATE settings SET value = value + 1 WHERE key = 'posts_version';
   END;
   CREATE TRIGGER posts_version_delete AFTER DELETE ON posts BEGIN
     UPDATE settings SET value = value + 1 WHERE key = 'posts_version';
   END;`,
  // Views are counted apart from posts: counting one must not bump posts_version (the CSV snapshot).
  `CREATE TABLE post_views (
     post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
     views   INTEGER NOT NULL DEFAULT 0
   );`,
];

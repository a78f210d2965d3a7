-- kith: rebuilds tables
-- SQLite cannot drop a NOT NULL: the table is made again (SQLite's "12 steps", run
-- with foreign keys off and checked before the migration commits). Ids are kept, and
-- so is the highest id ever given out, so none is given out twice.
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT UNIQUE,                   -- stored lower-case; NULL for a person without email
  display_name TEXT NOT NULL,
  password_hash TEXT,                  -- argon2id; NULL until an invitation is accepted
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  phone TEXT,
  email_verified_at TEXT,
  terms_agreed_at TEXT,
  erased_at TEXT,
  language TEXT NOT NULL DEFAULT ''
);
INSERT INTO users_new (id, email, display_name, password_hash, status, is_demo, created_at, updated_at, phone,
                       email_verified_at, terms_agreed_at, erased_at, language)
  SELECT id, email, display_name, password_hash, status, is_demo, created_at, updated_at, phone,
         email_verified_at, terms_agreed_at, erased_at, language FROM users;
DELETE FROM sqlite_sequence WHERE name = 'users_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'users_new', seq FROM sqlite_sequence WHERE name = 'users';
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE UNIQUE INDEX users_phone_without_email ON users (phone) WHERE email IS NULL;

-- Accounts, roles, sessions, sign-in throttling, invitations, settings and the audit log.

CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL UNIQUE,          -- stored lower-case
  display_name TEXT NOT NULL,
  password_hash TEXT,                  -- argon2id; NULL until an invitation is accepted
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('member', 'organisation', 'moderator', 'coordinator', 'panel', 'officer', 'admin')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the cookie value
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE invitations (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT
);

CREATE TABLE sign_in_attempts (
  id {{ID}},
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  succeeded INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip, at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Append-only: triggers in the dialect files refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  id {{ID}},
  at TEXT NOT NULL,
  actor_id BIGINT,                     -- NULL for a resident without an account or the system
  actor_label TEXT NOT NULL,           -- who, as shown: "Ada (admin)", "kith user add", "resident"
  on_behalf_of BIGINT,                 -- a coordinator acting for a member
  action TEXT NOT NULL,                -- "user.invite", "user.roles", ...
  entity TEXT NOT NULL,                -- "user", "area", ...
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  ip TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

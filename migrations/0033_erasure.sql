-- Erasure and correction (UK GDPR Articles 16 and 17). An erased account stays as a
-- tombstone, "Former member", so the records other people rely on (the timebank
-- ledger, grant decisions, budget counts, who moderated what) still add up; its name,
-- email, phone and password go, and erased_at says when.
ALTER TABLE users ADD COLUMN erased_at TEXT;

-- Every request to erase: made online by the person or on paper, by phone or in
-- person through an admin. 'account' requests are carried out at once (status done);
-- 'coordination' ones wait for a team lead, who decides under the retention rules
-- (erased or kept, with the reason).
CREATE TABLE erasure_requests (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  scope TEXT NOT NULL CHECK (scope IN ('account', 'coordination')),
  asked_by BIGINT REFERENCES users (id),          -- the person, or the admin acting for them
  channel TEXT NOT NULL CHECK (channel IN ('online', 'paper', 'phone', 'in-person', 'email')),
  reason TEXT NOT NULL DEFAULT '',                -- the admin's note of the request (no personal details)
  status TEXT NOT NULL CHECK (status IN ('done', 'waiting', 'erased', 'kept')),
  decision TEXT NOT NULL DEFAULT '',
  decided_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  decided_at TEXT
);
CREATE INDEX erasure_requests_status ON erasure_requests (scope, status);

-- Requests to correct what a person cannot edit themselves, answered by an admin.
-- Erased with the account.
CREATE TABLE correction_requests (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  what TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  reply TEXT NOT NULL DEFAULT '',
  answered_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX correction_requests_status ON correction_requests (status, created_at);

-- The outbox: every message Kith sends, written in the same transaction as the change
-- that causes it and sent afterwards by the background sender (src/messages).
CREATE TABLE outbox (
  id {{ID}},
  idempotency_key TEXT NOT NULL UNIQUE,  -- the same key is queued once, sent at most once
  kind TEXT NOT NULL,                    -- "password_reset", "story_published" (messages::kinds)
  channel TEXT NOT NULL,                 -- email, sms
  user_id BIGINT REFERENCES users (id),
  to_address TEXT NOT NULL,
  fields TEXT NOT NULL,                  -- JSON: the personalisation, {"name": "...", "link": "..."}
  status TEXT NOT NULL,                  -- queued, digest, sending, sent, failed, bounced, suppressed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_at TEXT,                       -- when a sender marked it sending (a stale claim means a crash)
  last_error TEXT,
  provider_ref TEXT,                     -- Notify's notification id, the SMTP queue id
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_user ON outbox (user_id);

-- How each person wants each kind of message: email, text, digest or never.
CREATE TABLE message_preferences (
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  choice TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- Addresses that bounced or were refused: no more messages go to them until fixed.
CREATE TABLE message_address_problems (
  address TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  outbox_id BIGINT REFERENCES outbox (id),
  recorded_at TEXT NOT NULL
);

-- A UK mobile number, for people who choose texts (optional).
ALTER TABLE users ADD COLUMN phone TEXT;

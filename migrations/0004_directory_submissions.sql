-- Listings and changes suggested by the public, waiting for a moderator.
-- contact_name and contact_email are personal data: kept so a moderator can ask a
-- question, and cleared when the submission is decided.

CREATE TABLE directory_submissions (
  id {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('new', 'change')),
  service_id TEXT,                      -- for a change: the listing it is about
  proposed TEXT NOT NULL,               -- JSON object: the fields proposed
  note TEXT NOT NULL DEFAULT '',        -- anything else the person told us
  contact_name TEXT,
  contact_email TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reason TEXT,                          -- why it was rejected (or a note on approval)
  created_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users (id),
  decided_at TEXT
);
CREATE INDEX directory_submissions_status ON directory_submissions (status, created_at);

-- Directory imports through the upload page: a file waits here, under a random token,
-- between its dry run and the moderator's or officer's confirmation, and is deleted
-- once imported or an hour after it was uploaded. The bytes are kept as base64, so a
-- spreadsheet saved in another encoding is held exactly and refused by row, not here.
CREATE TABLE directory_uploads (
  token TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('csv', 'json')),
  content_base64 TEXT NOT NULL,
  options_json TEXT NOT NULL,  -- mapping (field -> column), swap_coordinates
  report_json TEXT NOT NULL,   -- the last dry run
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX directory_uploads_expiry ON directory_uploads (expires_at);

-- Open Referral UK feeds saved for regular refresh (kith import directory --saved-feeds).
CREATE TABLE directory_feeds (
  id {{ID}},
  url TEXT NOT NULL UNIQUE,
  added_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  refreshed_at TEXT,
  last_result TEXT
);

-- One outcome framework for all of Kith (Dudley's seven outcomes by default, which an
-- admin may add to, rename or retire: never re-tagging old records), and stories
-- people tell, with their consent, the moderator's redacted text and decision.
CREATE TABLE outcomes (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  retired_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE stories (
  id {{ID}},
  withdraw_token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the teller's withdrawal link
  teller_user BIGINT REFERENCES users (id),
  teller_name TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users (id),   -- a worker who wrote down a story told to them
  consent_note TEXT NOT NULL DEFAULT '',       -- how the worker took the teller's consent
  title TEXT NOT NULL,
  body TEXT NOT NULL,                          -- as told: kept only as consent allows
  public_body TEXT,                            -- as the moderator redacted it for publishing
  lsoa_code TEXT REFERENCES areas (code),
  perspective TEXT NOT NULL CHECK (perspective IN ('person', 'community', 'professional', 'programme-lead', 'funder',
                                                  'policy-maker')),
  consent TEXT NOT NULL CHECK (consent IN ('named', 'anonymous', 'evaluation', 'none')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'evaluation', 'declined',
                                                           'withdrawn')),
  decision_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  published_at TEXT
);
CREATE INDEX stories_status ON stories (status, published_at);

CREATE TABLE story_outcomes (
  story_id BIGINT NOT NULL REFERENCES stories (id),
  outcome_id BIGINT NOT NULL REFERENCES outcomes (id),
  PRIMARY KEY (story_id, outcome_id)
);

INSERT INTO outcomes (slug, name, position, created_at) VALUES
  ('learn', 'Opportunities to learn', 1, '2026-11-25T00:00:00Z'),
  ('autonomy', 'A sense of autonomy and control', 2, '2026-11-25T00:00:00Z'),
  ('purpose', 'A sense of purpose', 3, '2026-11-25T00:00:00Z'),
  ('relationships', 'Relationships and connections with others', 4, '2026-11-25T00:00:00Z'),
  ('active', 'Being active', 5, '2026-11-25T00:00:00Z'),
  ('belonging', 'A sense of belonging and community', 6, '2026-11-25T00:00:00Z'),
  ('contribute', 'Opportunities to contribute and give back', 7, '2026-11-25T00:00:00Z');

-- The gift board (ABCD): residents' gifts of head, hands and heart, and their needs;
-- connectors' introductions between them, and whether each lasted.
CREATE TABLE gift_board_entries (
  id {{ID}},
  user_id BIGINT REFERENCES users (id),      -- NULL when a worker records for someone not online
  recorded_by BIGINT REFERENCES users (id),
  name TEXT NOT NULL,                        -- as connectors see it
  side TEXT NOT NULL CHECK (side IN ('gift', 'need')),
  kind TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'head', 'hands', 'heart')),
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  availability INTEGER NOT NULL DEFAULT 0,   -- bits: day * 3 + part of day
  age_band TEXT NOT NULL DEFAULT '',
  intergenerational INTEGER NOT NULL DEFAULT 0,
  lsoa_code TEXT REFERENCES areas (code),
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL
);
CREATE INDEX gift_board_entries_user ON gift_board_entries (user_id);

CREATE TABLE gift_board_introductions (
  id {{ID}},
  need_id BIGINT NOT NULL REFERENCES gift_board_entries (id),
  gift_id BIGINT NOT NULL REFERENCES gift_board_entries (id),
  introduced_by BIGINT REFERENCES users (id),
  score DOUBLE PRECISION NOT NULL,
  reasons TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT 'introduced' CHECK (outcome IN ('introduced', 'lasted', 'did-not-last')),
  created_at TEXT NOT NULL,
  followed_up_at TEXT,
  UNIQUE (need_id, gift_id)
);

-- The engagement log: conversations, events, surveys, door knocking and time where
-- people gather, each at a place (an LSOA from a postcode, or an area), with how many
-- took part, the level on the Spectrum of Involvement, themes heard, quotes (shown
-- only with consent) and, optionally, who took part in aggregate by Census 2021 group.
CREATE TABLE engagement_records (
  id {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('conversation', 'event', 'survey', 'door_knocking', 'gathering_place')),
  title TEXT NOT NULL,
  occurred_on TEXT NOT NULL,             -- YYYY-MM-DD
  postcode TEXT,                         -- as the recorder gave it, when given
  area_code TEXT NOT NULL REFERENCES areas (code),
  authority_code TEXT NOT NULL,          -- the area's authority, for authority-wide questions
  people BIGINT NOT NULL CHECK (people > 0),
  level TEXT NOT NULL CHECK (level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
  notes TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX engagement_records_authority ON engagement_records (authority_code, occurred_on);
CREATE INDEX engagement_records_area ON engagement_records (area_code);

-- Themes heard: a list the place keeps (officers add and retire them).
CREATE TABLE engagement_themes (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  retired INTEGER NOT NULL DEFAULT 0
);
INSERT INTO engagement_themes (name) VALUES ('Cost of living'), ('Housing'), ('Health and care'),
  ('Getting about'), ('Feeling safe'), ('Green spaces'), ('Things for young people'), ('Loneliness'),
  ('Jobs and skills'), ('Local services');

CREATE TABLE engagement_record_themes (
  record_id BIGINT NOT NULL REFERENCES engagement_records (id),
  theme_id BIGINT NOT NULL REFERENCES engagement_themes (id),
  PRIMARY KEY (record_id, theme_id)
);

-- What people said, as said; `consent` records that the speaker agreed to it being
-- shown. Without it a quote is kept for the recorder's notes and shown nowhere.
CREATE TABLE engagement_quotes (
  id {{ID}},
  record_id BIGINT NOT NULL REFERENCES engagement_records (id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  who TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL DEFAULT 0,
  story_id BIGINT REFERENCES stories (id)  -- the story draft made of it, with the teller's consent
);
CREATE INDEX engagement_quotes_record ON engagement_quotes (record_id);

-- Who took part, in aggregate: people by topic (age, sex, ethnic_group, disability,
-- language) and group, never a person.
CREATE TABLE engagement_people (
  record_id BIGINT NOT NULL REFERENCES engagement_records (id),
  topic TEXT NOT NULL,
  group_id TEXT NOT NULL,
  people BIGINT NOT NULL CHECK (people >= 0),
  PRIMARY KEY (record_id, topic, group_id)
);

-- The people heard from by area and group, summed from engagement_people and kept in
-- step with every write (recomputed for the area written), so "who have we not heard
-- from?" for a whole authority reads a few thousand rows, not every record's.
-- topic '' holds the area's totals: group 'records' and group 'people'.
CREATE TABLE engagement_area_people (
  area_code TEXT NOT NULL,
  authority_code TEXT NOT NULL,
  topic TEXT NOT NULL,
  group_id TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (area_code, topic, group_id)
);
CREATE INDEX engagement_area_people_authority ON engagement_area_people (authority_code);

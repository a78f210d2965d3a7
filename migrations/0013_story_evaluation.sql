-- Evaluation from stories: signifier questions the place sets (SenseMaker-style
-- sliders between two poles and three-way choices) and tellers' answers; photos
-- (re-encoded, no metadata); links from stories to the services, organisations and
-- projects they mention; case studies; Most Significant Change rounds; and outcome
-- tags that any module puts on its records.
CREATE TABLE signifiers (
  id {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('slider', 'triad')),
  prompt TEXT NOT NULL,
  label_a TEXT NOT NULL,         -- slider: the left pole; triad: the first corner
  label_b TEXT NOT NULL,         -- slider: the right pole; triad: the second corner
  label_c TEXT NOT NULL DEFAULT '',  -- triad: the third corner
  position INTEGER NOT NULL,
  retired_at TEXT,
  created_at TEXT NOT NULL
);

-- A slider's answer is a (0 = the left pole, 100 = the right); a triad's is a, b, c,
-- shares of 100.
CREATE TABLE story_signifiers (
  story_id BIGINT NOT NULL REFERENCES stories (id),
  signifier_id BIGINT NOT NULL REFERENCES signifiers (id),
  a INTEGER NOT NULL,
  b INTEGER,
  c INTEGER,
  PRIMARY KEY (story_id, signifier_id)
);

CREATE TABLE story_photos (
  story_id BIGINT PRIMARY KEY REFERENCES stories (id),
  jpeg TEXT NOT NULL,                 -- base64 of the re-encoded JPEG, which holds no metadata
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  alt TEXT NOT NULL,
  shown INTEGER NOT NULL DEFAULT 0    -- 1 when the moderator publishes it with the story
);

CREATE TABLE story_links (
  story_id BIGINT NOT NULL REFERENCES stories (id),
  kind TEXT NOT NULL CHECK (kind IN ('service', 'organisation', 'project')),
  ref TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (story_id, kind, ref)
);
CREATE INDEX story_links_ref ON story_links (kind, ref);

CREATE TABLE case_studies (
  story_id BIGINT PRIMARY KEY REFERENCES stories (id),
  approach TEXT NOT NULL,             -- what was done, so that another neighbourhood can try it
  lessons TEXT NOT NULL DEFAULT '',   -- what worked and what did not
  promoted_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL
);

-- Most Significant Change: a round's panel picks the most significant story in each
-- outcome domain and says why; a closed round's picks become the candidates of the
-- round it passes to (the tier above).
CREATE TABLE msc_rounds (
  id {{ID}},
  name TEXT NOT NULL,
  panel TEXT NOT NULL,                -- who sits on it ("Netherton residents' panel")
  source TEXT NOT NULL CHECK (source IN ('stories', 'picks')),
  told_from TEXT NOT NULL DEFAULT '', -- for a first-tier round: stories told in these dates
  told_to TEXT NOT NULL DEFAULT '',
  area_code TEXT NOT NULL DEFAULT '', -- and this area ("" for anywhere)
  passes_to BIGINT REFERENCES msc_rounds (id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  closed_at TEXT
);

CREATE TABLE msc_picks (
  round_id BIGINT NOT NULL REFERENCES msc_rounds (id),
  outcome_id BIGINT NOT NULL REFERENCES outcomes (id),
  story_id BIGINT NOT NULL REFERENCES stories (id),
  why TEXT NOT NULL,
  picked_by BIGINT REFERENCES users (id),
  picked_at TEXT NOT NULL,
  PRIMARY KEY (round_id, outcome_id)
);

CREATE TABLE outcome_tags (
  entity TEXT NOT NULL,               -- "service", "grant-application", ...
  entity_id TEXT NOT NULL,
  outcome_id BIGINT NOT NULL REFERENCES outcomes (id),
  tagged_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id, outcome_id)
);

INSERT INTO signifiers (kind, prompt, label_a, label_b, label_c, position, created_at) VALUES
  ('slider', 'In this story, who made the difference?', 'Services and professionals', 'People themselves', '', 1,
   '2026-11-25T00:00:00Z'),
  ('triad', 'What mattered most?', 'Having someone to talk to', 'Having something to do', 'Having a say', 2,
   '2026-11-25T00:00:00Z');

-- Resilience plans for a focus community (Chorley's framework). A plan covers a set of
-- areas (a saved neighbourhood, wards or LSOAs; no foreign key, so a neighbourhood can
-- still be deleted: the plan then says the area is no longer known). Its six sections
-- are Chorley's steps; evidence links are paths inside Kith. The logic model's
-- outcomes may name a measure with a baseline taken when it was set. Milestones carry
-- an owner, a due date and RAG status. Writes audited by src/plans/service.cpp.
CREATE TABLE plans (
  id {{ID}},
  name TEXT NOT NULL,
  authority_code TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  situation TEXT NOT NULL DEFAULT '',
  inputs TEXT NOT NULL DEFAULT '',
  activities TEXT NOT NULL DEFAULT '',
  outputs TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE plan_areas (
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  area_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (plan_id, area_code)
);

CREATE TABLE plan_sections (
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  step TEXT NOT NULL CHECK (step IN ('background', 'people', 'services', 'develop', 'deliver', 'review')),
  status TEXT NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'done')),
  notes TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, step)
);

CREATE TABLE plan_evidence (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  step TEXT NOT NULL,
  href TEXT NOT NULL,
  label TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX plan_evidence_plan ON plan_evidence (plan_id);

CREATE TABLE plan_outcomes (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  term TEXT NOT NULL CHECK (term IN ('short', 'medium', 'long')),
  description TEXT NOT NULL,
  outcome_slug TEXT,                 -- the shared outcome framework's, or none
  measure TEXT,                      -- "iod.imd_score", "census....", "directory.activities_per_1000"
  baseline DOUBLE PRECISION,         -- the measure over the plan's areas when it was set
  baseline_at TEXT,
  target DOUBLE PRECISION
);
CREATE INDEX plan_outcomes_plan ON plan_outcomes (plan_id);

CREATE TABLE plan_milestones (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  title TEXT NOT NULL,
  owner TEXT NOT NULL,
  due TEXT NOT NULL,                 -- YYYY-MM-DD
  rag TEXT NOT NULL DEFAULT 'green' CHECK (rag IN ('green', 'amber', 'red')),
  done INTEGER NOT NULL DEFAULT 0,
  done_on TEXT
);
CREATE INDEX plan_milestones_due ON plan_milestones (done, due);

-- Actions and what delivers them in Kith: a directory service, a grant round, a
-- participatory budget or a timebank (kind and the record's id or slug, checked to
-- exist when linked).
CREATE TABLE plan_actions (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'grant-round', 'pb', 'timebank')),
  ref TEXT NOT NULL,
  href TEXT NOT NULL
);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id);

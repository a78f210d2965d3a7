-- Small grants and innovation funds: funds and their rounds (budget, limits, dates,
-- eligibility, criteria with weights, match funding), applications as ideas
-- canvases (outcomes through outcome_tags, entity 'grant-application'), groups
-- applying together, panels with conflicts and scores, decisions with feedback,
-- council sponsors, milestones and end-of-grant reports. Amounts in whole pounds.
CREATE TABLE grant_funds (
  id {{ID}},
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  funder_name TEXT NOT NULL,
  funder_id TEXT NOT NULL,            -- 360Giving organisation identifier, e.g. GB-LAE-DUD
  created_at TEXT NOT NULL
);

CREATE TABLE grant_rounds (
  id {{ID}},
  fund_id BIGINT NOT NULL REFERENCES grant_funds (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  budget BIGINT NOT NULL,
  min_amount BIGINT NOT NULL DEFAULT 0,
  max_amount BIGINT NOT NULL,
  area_code TEXT NOT NULL DEFAULT '',   -- groups must be based here ("" for anywhere)
  kinds TEXT NOT NULL DEFAULT '',       -- comma-separated kinds of group ("" for any)
  match_required INTEGER NOT NULL DEFAULT 0,
  match_ratio DOUBLE PRECISION NOT NULL DEFAULT 1,
  hour_value_pence BIGINT NOT NULL DEFAULT 0,
  decided_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE grant_criteria (
  round_id BIGINT NOT NULL REFERENCES grant_rounds (id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  weight DOUBLE PRECISION NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (round_id, key)
);

CREATE TABLE grant_applications (
  id {{ID}},
  round_id BIGINT NOT NULL REFERENCES grant_rounds (id),
  owner_user BIGINT NOT NULL REFERENCES users (id),
  group_name TEXT NOT NULL,
  group_kind TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  lsoa_code TEXT REFERENCES areas (code),
  idea TEXT NOT NULL DEFAULT '',
  problem TEXT NOT NULL DEFAULT '',
  who TEXT NOT NULL DEFAULT '',
  assets TEXT NOT NULL DEFAULT '',
  lasting TEXT NOT NULL DEFAULT '',
  costs TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL DEFAULT 0,
  volunteer_hours BIGINT NOT NULL DEFAULT 0,
  materials_value BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'withdrawn', 'funded',
                                                         'funded-with-conditions', 'declined')),
  award_amount BIGINT,
  conditions TEXT NOT NULL DEFAULT '',
  feedback TEXT NOT NULL DEFAULT '',
  sponsor_user BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  submitted_at TEXT,
  decided_at TEXT
);
CREATE INDEX grant_applications_round ON grant_applications (round_id, status);

-- Others in the group who apply together: they see and edit the canvas.
CREATE TABLE grant_applicants (
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (application_id, user_id)
);

CREATE TABLE grant_panel (
  round_id BIGINT NOT NULL REFERENCES grant_rounds (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  seat TEXT NOT NULL CHECK (seat IN ('councillor', 'resident', 'young-person', 'officer')),
  PRIMARY KEY (round_id, user_id)
);

CREATE TABLE grant_assignments (
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (application_id, user_id)
);

CREATE TABLE grant_conflicts (
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  PRIMARY KEY (application_id, user_id)
);

CREATE TABLE grant_scores (
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  criterion TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  scored_at TEXT NOT NULL,
  PRIMARY KEY (application_id, user_id, criterion)
);

CREATE TABLE grant_milestones (
  id {{ID}},
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  title TEXT NOT NULL,
  due TEXT NOT NULL,
  done_at TEXT
);

CREATE TABLE grant_reports (
  application_id BIGINT PRIMARY KEY REFERENCES grant_applications (id),
  summary TEXT NOT NULL,
  hours_delivered BIGINT NOT NULL,
  submitted_at TEXT NOT NULL
);

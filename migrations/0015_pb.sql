-- Participatory budgeting: a budget for an area; residents propose projects, staff
-- put feasible ones on the ballot; residents living in the area (by postcode) vote
-- once, online or on paper entered by staff; the count is computed by two methods.
CREATE TABLE pb_processes (
  id {{ID}},
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  area_code TEXT NOT NULL REFERENCES areas (code),
  budget BIGINT NOT NULL,                 -- pounds
  rule TEXT NOT NULL CHECK (rule IN ('approval', 'knapsack')),
  min_projects INTEGER NOT NULL DEFAULT 1,
  max_projects INTEGER NOT NULL DEFAULT 3,
  phase TEXT NOT NULL DEFAULT 'proposing' CHECK (phase IN ('proposing', 'voting', 'closed')),
  created_at TEXT NOT NULL
);

CREATE TABLE pb_projects (
  id {{ID}},
  process_id BIGINT NOT NULL REFERENCES pb_processes (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  cost BIGINT NOT NULL,
  proposed_by BIGINT REFERENCES users (id),
  on_ballot INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- One ballot per voter: an account (online) or a paper ballot's reference. The
-- voter's postcode is kept only as its LSOA, for results by area.
CREATE TABLE pb_ballots (
  id {{ID}},
  process_id BIGINT NOT NULL REFERENCES pb_processes (id),
  voter_key TEXT NOT NULL,                -- "user:12" or "paper:REF" (SHA-256 of the paper's reference and postcode)
  channel TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
  lsoa_code TEXT NOT NULL REFERENCES areas (code),
  entered_by BIGINT REFERENCES users (id),
  cast_at TEXT NOT NULL,
  UNIQUE (process_id, voter_key)
);

CREATE TABLE pb_choices (
  ballot_id BIGINT NOT NULL REFERENCES pb_ballots (id),
  project_id BIGINT NOT NULL REFERENCES pb_projects (id),
  PRIMARY KEY (ballot_id, project_id)
);

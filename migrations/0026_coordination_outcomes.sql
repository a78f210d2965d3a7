-- Coordination outcomes: connections made (and whether they took), closing with a
-- place-editable reason, contributions, unit costs pre-filled for cost avoided, and
-- a person's requests to correct what is held. coord_closings, coord_connections and
-- coord_contributions are remade (empty since 0025, nothing refers to them) to widen
-- their lists. Settings: coordination.swemwbs_licence (SWEMWBS stays off without it)
-- and coordination.retention_years (8 when unset).

CREATE TABLE coord_close_reasons (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO coord_close_reasons (key, label, position) VALUES
  ('goals-met', 'What they wanted is done', 1),
  ('connected', 'Connected: no longer needs a coordinator', 2),
  ('moved-away', 'Moved away', 3),
  ('no-longer-wanted', 'No longer wants support', 4),
  ('could-not-contact', 'Could not get in touch', 5),
  ('referred-on', 'Referred on to another service', 6),
  ('died', 'Died', 7),
  ('other', 'Something else', 8);

DROP TABLE coord_closings;
CREATE TABLE coord_closings (
  case_id BIGINT PRIMARY KEY REFERENCES coord_cases (id),
  reason TEXT NOT NULL REFERENCES coord_close_reasons (key),
  told_referrer INTEGER NOT NULL DEFAULT 0,     -- a message went to referrers who may be told
  message_to_referrer_sealed TEXT,
  closed_by BIGINT NOT NULL REFERENCES users (id),
  closed_at TEXT NOT NULL
);

-- took: suggested -> introduced -> went-once | still-going ("went twice and still
-- goes") | did-not-go | stopped | not-wanted. coordinated_by: for a service that was
-- the right answer, who coordinated it ("Cara, with the district nurse").
DROP TABLE coord_connections;
CREATE TABLE coord_connections (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('service', 'activity', 'timebank-member', 'timebank-offer',
                                                   'gift-match', 'hub', 'group', 'other')),
  service_id TEXT REFERENCES hsds_service (id),
  timebank_account_id BIGINT REFERENCES timebank_accounts (id),
  timebank_post_id BIGINT REFERENCES timebank_posts (id),
  gift_board_entry_id BIGINT REFERENCES gift_board_entries (id),
  target_name TEXT NOT NULL,
  service_coordinated INTEGER NOT NULL DEFAULT 0,
  coordinated_by TEXT NOT NULL DEFAULT '',
  took TEXT NOT NULL DEFAULT 'suggested'
    CHECK (took IN ('suggested', 'introduced', 'went-once', 'still-going', 'did-not-go', 'stopped', 'not-wanted')),
  follow_up_on TEXT,
  note_sealed TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX coord_connections_case ON coord_connections (case_id);
CREATE INDEX coord_connections_follow_up ON coord_connections (follow_up_on);

DROP TABLE coord_contributions;
CREATE TABLE coord_contributions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  kind TEXT NOT NULL CHECK (kind IN ('volunteering', 'joined-group', 'started-group', 'timebank', 'gift',
                                     'peer-support', 'other')),
  what TEXT NOT NULL,
  hours DOUBLE PRECISION NOT NULL DEFAULT 0,
  started_on TEXT,
  timebank_post_id BIGINT REFERENCES timebank_posts (id),
  story_id BIGINT REFERENCES stories (id),
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_contributions_case ON coord_contributions (case_id);

-- Unit costs as a range (high_pence NULL: one figure), retired rather than deleted
-- while records use them; pre-filled with Thurrock's figures and a GP consultation.
ALTER TABLE coord_unit_costs ADD COLUMN high_pence BIGINT;
ALTER TABLE coord_unit_costs ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
INSERT INTO coord_unit_costs (name, amount_pence, high_pence, unit, source, year, created_at) VALUES
  ('Day care (social care funded)', 4500, NULL, 'session',
   'Thurrock Council, Health and Wellbeing Board, Community Resilience, 17 July 2014', 2014, '2026-11-29T00:00:00Z'),
  ('Delayed hospital discharge or interim residential bed', 122000, 315900, 'week',
   'Thurrock Council, Health and Wellbeing Board, Community Resilience, 17 July 2014', 2014, '2026-11-29T00:00:00Z'),
  ('Direct payments', 54480, NULL, 'month',
   'Thurrock Council, Health and Wellbeing Board, Community Resilience, 17 July 2014', 2014, '2026-11-29T00:00:00Z'),
  ('GP consultation (10 minutes)', 4200, NULL, 'consultation',
   'PSSRU, Unit Costs of Health and Social Care 2023', 2023, '2026-11-29T00:00:00Z');

-- How many units each time (2 weeks of a delayed discharge; 1 session of day care):
-- the total is units_each x times_per_year x months / 12.
ALTER TABLE coord_cost_avoided ADD COLUMN units_each DOUBLE PRECISION NOT NULL DEFAULT 1;

-- A person asks to correct what is held about them; a coordinator acts on it.
CREATE TABLE coord_corrections (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES coord_people (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  request_sealed TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corrected', 'not-corrected')),
  response_sealed TEXT,
  decided_by BIGINT REFERENCES users (id),
  decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX coord_corrections_person ON coord_corrections (person_id, status);

-- Coordination (social prescribing and Local Area Coordination): referrals in,
-- triage and allocation, the person's record (the good-life conversation, strengths,
-- a plan, contacts), connections out, wellbeing measures, cost avoided, closing,
-- contributions, and who read each record. Columns named *_sealed hold libsodium
-- secretbox ciphertext (base64 of nonce + box) under the coordination key; nothing
-- personal in them is ever stored in clear. Dates are ISO 8601 text like elsewhere.

-- The sealed canary: one known text sealed under the key in use, so a missing or
-- wrong key is refused at start-up rather than read as garbled text.
CREATE TABLE coord_key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  canary_sealed TEXT NOT NULL,
  key_id TEXT NOT NULL,                 -- a short fingerprint of the key (not the key)
  created_at TEXT NOT NULL,
  rotated_at TEXT
);

-- Reasons a person may be referred: a list the place edits (defaults seeded below).
CREATE TABLE coord_reasons (
  key TEXT PRIMARY KEY,                 -- "loneliness"
  label TEXT NOT NULL,                  -- "Loneliness or isolation"
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO coord_reasons (key, label, position) VALUES
  ('loneliness', 'Loneliness or isolation', 1),
  ('low-mood', 'Low mood, stress or anxiety', 2),
  ('money', 'Money, debt or benefits', 3),
  ('housing', 'Housing', 4),
  ('carer', 'Caring for someone', 5),
  ('long-term-condition', 'Living with a long-term condition', 6),
  ('bereavement', 'Bereavement', 7),
  ('work', 'Work, training or volunteering', 8),
  ('physical-activity', 'Wanting to be more active', 9),
  ('food', 'Food', 10),
  ('other', 'Something else', 11);

-- Teams of coordinators (link workers) and their team leads.
CREATE TABLE coord_teams (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE coord_team_members (
  team_id BIGINT NOT NULL REFERENCES coord_teams (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'coordinator')),
  PRIMARY KEY (team_id, user_id, role)
);

-- The LSOAs a coordinator covers: allocation suggests the coordinator whose
-- neighbourhood holds the person's LSOA, then the one with the lightest caseload.
CREATE TABLE coord_coverage (
  user_id BIGINT NOT NULL REFERENCES users (id),
  lsoa_code TEXT NOT NULL REFERENCES areas (code),
  PRIMARY KEY (user_id, lsoa_code)
);
CREATE INDEX coord_coverage_lsoa ON coord_coverage (lsoa_code);

-- The people referred. Name, date of birth, address and contact details are sealed;
-- match_* are keyed hashes (BLAKE2b under the coordination key) of the normalised
-- name + date of birth and of each contact, so a new referral finds an open case
-- without anything readable being stored.
CREATE TABLE coord_people (
  id {{ID}},
  user_id BIGINT REFERENCES users (id),         -- their own account, if they have one
  name_sealed TEXT NOT NULL,
  date_of_birth_sealed TEXT,
  contact_sealed TEXT NOT NULL,                 -- JSON: phone, email, address, postcode,
                                                -- how to contact, when it is safe, may leave a message
  lsoa_code TEXT REFERENCES areas (code),       -- from the postcode, for allocation and reports
  match_name_dob TEXT,
  match_phone TEXT,
  match_email TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  erased_at TEXT                                -- retention: sealed columns emptied, row kept for counts
);
CREATE INDEX coord_people_name_dob ON coord_people (match_name_dob);
CREATE INDEX coord_people_phone ON coord_people (match_phone);
CREATE INDEX coord_people_email ON coord_people (match_email);
CREATE INDEX coord_people_user ON coord_people (user_id);

-- A case: one period of support for one person, from the first referral to closing.
-- A referral for someone with an open case joins it.
CREATE TABLE coord_cases (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES coord_people (id),
  team_id BIGINT REFERENCES coord_teams (id),
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'accepted', 'allocated', 'active', 'declined', 'closed')),
  coordinator_user BIGINT REFERENCES users (id),  -- the allocated coordinator, if any
  opened_at TEXT NOT NULL,
  accepted_at TEXT,
  allocated_at TEXT,
  first_contact_at TEXT,                          -- the first contact recorded (waits)
  review_on TEXT,                                 -- the plan's next review date
  closed_at TEXT,
  retain_until TEXT                               -- when the sealed record is erased
);
CREATE INDEX coord_cases_person ON coord_cases (person_id, status);
CREATE INDEX coord_cases_coordinator ON coord_cases (coordinator_user, status);

-- Referrals in: self-referrals, professionals (GP practice, councillor, housing,
-- agency) and the API. SNOMED CT 871731000000106 "Referral to social prescribing
-- service" when the person accepts, 871711000000103 "Social prescribing declined".
CREATE TABLE coord_referrals (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  person_id BIGINT NOT NULL REFERENCES coord_people (id),
  source TEXT NOT NULL CHECK (source IN ('self', 'gp', 'councillor', 'housing', 'agency', 'other')),
  referrer_user BIGINT REFERENCES users (id),     -- NULL for self-referrals
  referrer_org TEXT NOT NULL DEFAULT '',          -- "Bolton Medical Centre"
  reasons TEXT NOT NULL DEFAULT '',               -- comma-separated coord_reasons keys
  what_matters_sealed TEXT,                       -- what matters and why, in their words
  consent_contact INTEGER NOT NULL,
  consent_share_back INTEGER NOT NULL DEFAULT 0,  -- may the referrer be told what happened
  urgency TEXT NOT NULL DEFAULT 'routine' CHECK (urgency IN ('routine', 'soon', 'urgent')),
  snomed_code TEXT,
  status TEXT NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'joined', 'accepted', 'declined', 'withdrawn')),
  decline_reason TEXT NOT NULL DEFAULT '',
  possible_duplicate_of BIGINT REFERENCES coord_people (id),  -- flagged, not joined
  received_at TEXT NOT NULL,
  first_contact_at TEXT,
  decided_at TEXT,
  decided_by BIGINT REFERENCES users (id),
  idempotency_key TEXT UNIQUE                     -- API callers may send one
);
CREATE INDEX coord_referrals_case ON coord_referrals (case_id);
CREATE INDEX coord_referrals_status ON coord_referrals (status, received_at);
CREATE INDEX coord_referrals_referrer ON coord_referrals (referrer_user);

-- Every allocation, so the record shows who held the case when.
CREATE TABLE coord_allocations (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  coordinator_user BIGINT NOT NULL REFERENCES users (id),
  allocated_by BIGINT NOT NULL REFERENCES users (id),
  allocated_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX coord_allocations_case ON coord_allocations (case_id);

-- The good-life conversation: what matters to the person, in their words.
CREATE TABLE coord_conversations (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  held_on TEXT NOT NULL,
  what_matters_sealed TEXT NOT NULL,
  good_life_sealed TEXT NOT NULL,               -- "a good life for me would be..."
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_conversations_case ON coord_conversations (case_id);

-- Strengths, gifts (head, hands, heart) and interests.
CREATE TABLE coord_strengths (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  kind TEXT NOT NULL CHECK (kind IN ('strength', 'gift', 'interest')),
  text_sealed TEXT NOT NULL,
  gift_board_ok INTEGER NOT NULL DEFAULT 0,     -- the person says it may go on the gift board
  gift_board_entry_id BIGINT REFERENCES gift_board_entries (id),
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_strengths_case ON coord_strengths (case_id);

-- The plan: goals in the person's words, steps with who does them, review dates.
CREATE TABLE coord_goals (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  words_sealed TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'partly-met', 'dropped')),
  review_on TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX coord_goals_case ON coord_goals (case_id);

CREATE TABLE coord_steps (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES coord_goals (id),
  text_sealed TEXT NOT NULL,
  owner TEXT NOT NULL CHECK (owner IN ('person', 'coordinator', 'both', 'someone-else')),
  owner_name TEXT NOT NULL DEFAULT '',          -- who, when someone else
  due_on TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX coord_steps_goal ON coord_steps (goal_id);

-- Contacts with the person: the first one ends the wait from referral.
CREATE TABLE coord_contacts (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  kind TEXT NOT NULL CHECK (kind IN ('face-to-face', 'home-visit', 'phone', 'video', 'text', 'email', 'letter',
                                     'group', 'attempt')),
  contact_on TEXT NOT NULL,
  minutes INTEGER NOT NULL DEFAULT 0,
  place TEXT NOT NULL DEFAULT '',
  note_sealed TEXT,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_contacts_case ON coord_contacts (case_id, contact_on);

-- Connections out: to a directory service, a timebank member or offer, a gift-board
-- match, a hub or a group; whether the person took it up, and when to follow up.
CREATE TABLE coord_connections (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('service', 'timebank-member', 'timebank-offer', 'gift-match',
                                                   'hub', 'group', 'other')),
  service_id TEXT REFERENCES hsds_service (id),
  timebank_account_id BIGINT REFERENCES timebank_accounts (id),
  timebank_post_id BIGINT REFERENCES timebank_posts (id),
  gift_board_entry_id BIGINT REFERENCES gift_board_entries (id),
  target_name TEXT NOT NULL,                    -- as shown when the target goes away
  took TEXT NOT NULL DEFAULT 'suggested'
    CHECK (took IN ('suggested', 'introduced', 'went', 'still-going', 'did-not-go', 'not-wanted')),
  follow_up_on TEXT,
  note_sealed TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX coord_connections_case ON coord_connections (case_id);
CREATE INDEX coord_connections_follow_up ON coord_connections (follow_up_on);

-- Wellbeing measures: ONS4 (four items 0–10), SWEMWBS (seven items 1–5, scored by
-- the metric conversion) or the place's own outcomes star, at start, review or close.
CREATE TABLE coord_wellbeing (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  instrument TEXT NOT NULL CHECK (instrument IN ('ONS4', 'SWEMWBS', 'outcomes')),
  occasion TEXT NOT NULL CHECK (occasion IN ('start', 'review', 'close')),
  taken_on TEXT NOT NULL,
  total DOUBLE PRECISION,                       -- SWEMWBS metric score; NULL for ONS4
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_wellbeing_case ON coord_wellbeing (case_id, instrument, occasion);

CREATE TABLE coord_wellbeing_items (
  measure_id BIGINT NOT NULL REFERENCES coord_wellbeing (id),
  item TEXT NOT NULL,                           -- "life-satisfaction", "optimistic"
  score INTEGER NOT NULL,
  PRIMARY KEY (measure_id, item)
);

-- Unit costs (e.g. the GMCA unit cost database): what one unit of a service costs.
CREATE TABLE coord_unit_costs (
  id {{ID}},
  name TEXT NOT NULL,                           -- "GP appointment"
  amount_pence BIGINT NOT NULL,
  unit TEXT NOT NULL,                           -- "per appointment"
  source TEXT NOT NULL,                         -- "GMCA Unit Cost Database v2.3"
  year INTEGER NOT NULL,                        -- price year
  created_at TEXT NOT NULL
);

-- Costs avoided for one case: what, how often (times a year), for how long, and how
-- sure the coordinator is.
CREATE TABLE coord_cost_avoided (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  unit_cost_id BIGINT NOT NULL REFERENCES coord_unit_costs (id),
  what TEXT NOT NULL,
  times_per_year DOUBLE PRECISION NOT NULL,
  months DOUBLE PRECISION NOT NULL,
  confidence TEXT NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
  note_sealed TEXT,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_cost_avoided_case ON coord_cost_avoided (case_id);

-- Closing a case: why, and the message back to the referrer (as the person agreed).
CREATE TABLE coord_closings (
  case_id BIGINT PRIMARY KEY REFERENCES coord_cases (id),
  reason TEXT NOT NULL CHECK (reason IN ('goals-met', 'connected', 'moved-away', 'no-longer-wanted',
                                         'could-not-contact', 'referred-on', 'died', 'other')),
  message_to_referrer_sealed TEXT,
  closed_by BIGINT NOT NULL REFERENCES users (id),
  closed_at TEXT NOT NULL
);

-- What the person goes on to give: volunteering, timebank hours, a group they run.
CREATE TABLE coord_contributions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  kind TEXT NOT NULL CHECK (kind IN ('volunteering', 'timebank', 'group', 'gift', 'peer-support', 'other')),
  what TEXT NOT NULL,
  hours DOUBLE PRECISION NOT NULL DEFAULT 0,
  started_on TEXT,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX coord_contributions_case ON coord_contributions (case_id);

-- Break glass: someone not assigned opens a record for a stated reason, for 24 hours;
-- the team lead sees each one.
CREATE TABLE coord_break_glass (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES coord_people (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  reviewed_by BIGINT REFERENCES users (id),
  reviewed_at TEXT
);
CREATE INDEX coord_break_glass_user ON coord_break_glass (user_id, person_id, expires_at);

-- Every read of a person's record: who, when, how (page, API, CSV), and under which
-- break glass if any. The person sees these on /account/data.
CREATE TABLE coord_record_reads (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES coord_people (id),
  reader_user BIGINT NOT NULL REFERENCES users (id),
  read_at TEXT NOT NULL,
  via TEXT NOT NULL,                            -- "/coordination/people/12", "api", "csv"
  break_glass_id BIGINT REFERENCES coord_break_glass (id)
);
CREATE INDEX coord_record_reads_person ON coord_record_reads (person_id, read_at);

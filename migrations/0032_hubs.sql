-- Community hubs: a place "run by the community for the community", open a few days
-- a week, with its opening times, closures, named organisers, a volunteer rota and
-- the hours given, visits counted per session (numbers only), and referrals into it
-- ("someone is coming to see you"), which only the hub's organisers and the referrer see.
CREATE TABLE hubs (
  id {{ID}},
  name TEXT NOT NULL,
  location_id TEXT REFERENCES hsds_location (id),      -- the place in the directory, when it is there
  authority_code TEXT REFERENCES areas (code),
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  getting_there TEXT NOT NULL DEFAULT '',
  volunteering TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',                      -- the hub's email or phone, not a person's own
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE hub_organisers (
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (hub_id, user_id)
);

-- Opening sessions each week: weekday 0 is Monday; times are HH:MM in Europe/London.
CREATE TABLE hub_opening (
  id {{ID}},
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  opens TEXT NOT NULL,
  closes TEXT NOT NULL
);
CREATE INDEX hub_opening_hub ON hub_opening (hub_id);

CREATE TABLE hub_closures (
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  on_date TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (hub_id, on_date)
);

CREATE TABLE hub_shifts (
  id {{ID}},
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  on_date TEXT NOT NULL,
  starts TEXT NOT NULL,
  ends TEXT NOT NULL,
  role TEXT NOT NULL,
  needed INTEGER NOT NULL CHECK (needed BETWEEN 1 AND 50),
  confirmed_at TEXT,                                     -- when an organiser confirmed who came
  created_at TEXT NOT NULL
);
CREATE INDEX hub_shifts_when ON hub_shifts (hub_id, on_date);

CREATE TABLE hub_signups (
  shift_id BIGINT NOT NULL REFERENCES hub_shifts (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  signed_up_at TEXT NOT NULL,
  attended INTEGER,                                      -- NULL until confirmed
  minutes INTEGER NOT NULL DEFAULT 0,                    -- time given, once confirmed
  PRIMARY KEY (shift_id, user_id)
);
CREATE INDEX hub_signups_user ON hub_signups (user_id);

-- How many people came to a session: a count, never names.
CREATE TABLE hub_visits (
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  on_date TEXT NOT NULL,
  session TEXT NOT NULL,                                 -- the session's opening time, HH:MM
  people INTEGER NOT NULL CHECK (people BETWEEN 0 AND 5000),
  recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (hub_id, on_date, session)
);

CREATE TABLE hub_referrals (
  id {{ID}},
  hub_id BIGINT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  referrer_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  person TEXT NOT NULL,                                  -- first name or initials only
  needs TEXT NOT NULL,                                   -- chosen needs, comma-separated ids
  note TEXT NOT NULL DEFAULT '',
  consent_at TEXT NOT NULL,                              -- when the referrer recorded the person's consent
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'seen')),
  seen_at TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX hub_referrals_hub ON hub_referrals (hub_id, status);

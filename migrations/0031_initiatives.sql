-- The partnership matrix: initiatives (a council programme, a voluntary-sector
-- project, a national scheme) and the areas each works in, so a council can see
-- "what is happening in each locality" by ward, with its gaps and overlaps
-- (Thurrock's Stronger Together matrix).
CREATE TABLE initiatives (
  id {{ID}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('council', 'voluntary', 'national', 'health', 'community')),
  lead_organisation TEXT NOT NULL,
  organisation_id TEXT REFERENCES hsds_organization (id),  -- the lead in the directory, if it is there
  contact TEXT NOT NULL DEFAULT '',                         -- a role's email or phone, not a person's own
  summary TEXT NOT NULL DEFAULT '',
  starts_on TEXT,
  ends_on TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'paused', 'ended')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Where an initiative works: whole authorities or wards, or parts of wards (LSOAs,
-- MSOAs, saved neighbourhoods).
CREATE TABLE initiative_areas (
  initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  area_code TEXT NOT NULL REFERENCES areas (code),
  PRIMARY KEY (initiative_id, area_code)
);
CREATE INDEX initiative_areas_code ON initiative_areas (area_code);

-- The geography every module hangs on: LSOA -> ward -> local authority -> England.

CREATE TABLE areas (
  code TEXT PRIMARY KEY,               -- ONS code: E01 LSOA, E05 ward, E06/E07/E08/E09 authority, E92 England
  kind TEXT NOT NULL CHECK (kind IN ('country', 'authority', 'ward', 'lsoa', 'neighbourhood')),
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,            -- for case-insensitive search on both backends
  parent_code TEXT REFERENCES areas (code),
  authority_code TEXT,                 -- the local authority an area sits in (itself for an authority)
  population DOUBLE PRECISION,         -- derived; see docs/data.md
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION
);
CREATE INDEX areas_parent ON areas (parent_code);
CREATE INDEX areas_kind ON areas (kind, authority_code);

-- Boundary polygons (GeoJSON geometry), held for the authorities the place covers.
CREATE TABLE area_boundaries (
  code TEXT PRIMARY KEY REFERENCES areas (code),
  geometry TEXT NOT NULL,
  min_lon DOUBLE PRECISION NOT NULL,
  min_lat DOUBLE PRECISION NOT NULL,
  max_lon DOUBLE PRECISION NOT NULL,
  max_lat DOUBLE PRECISION NOT NULL
);

CREATE TABLE postcodes (
  postcode TEXT PRIMARY KEY,           -- normalised: upper case, no spaces ("S11AA")
  display TEXT NOT NULL,               -- "S1 1AA"
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lsoa_code TEXT REFERENCES areas (code),
  authority_code TEXT
);
CREATE INDEX postcodes_lsoa ON postcodes (lsoa_code);

-- Postcodes for all of England (1.5 million): each says whether its LSOA is certain
-- (its point is inside a loaded boundary, or the file named the LSOA) or only
-- probable (no boundary is loaded there: the LSOA with the nearest centre).
-- The table is rebuilt keyed by postcode alone (WITHOUT ROWID: one B-tree, not two)
-- and without the reference to areas, which cost a lookup per row on every load;
-- the loader takes LSOA codes only from the areas it holds. Nothing looks postcodes
-- up by LSOA, so the index on lsoa_code goes too (DROP TABLE took it).
CREATE TABLE postcodes_new (
  postcode TEXT PRIMARY KEY,           -- normalised: upper case, no spaces ("S11AA")
  display TEXT NOT NULL,               -- "S1 1AA"
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lsoa_code TEXT,
  authority_code TEXT,                 -- the LSOA's authority
  uncertain INTEGER NOT NULL DEFAULT 0 -- 1: placed by the nearest LSOA centre, not by a boundary
) WITHOUT ROWID;
INSERT INTO postcodes_new (postcode, display, lat, lon, lsoa_code, authority_code)
  SELECT postcode, display, lat, lon, lsoa_code, authority_code FROM postcodes;
DROP TABLE postcodes;
ALTER TABLE postcodes_new RENAME TO postcodes;

-- Postcodes for all of England (1.5 million): each says whether its LSOA is certain
-- (its point is inside a loaded boundary, or the file named the LSOA) or only
-- probable (no boundary is loaded there: the LSOA with the nearest centre).
-- The reference to areas goes: it cost a lookup per row on every load, and the
-- loader takes LSOA codes only from the areas it holds.
ALTER TABLE postcodes ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postcodes DROP CONSTRAINT IF EXISTS postcodes_lsoa_code_fkey;
-- Nothing looks postcodes up by LSOA: the index only slowed every load.
DROP INDEX IF EXISTS postcodes_lsoa;

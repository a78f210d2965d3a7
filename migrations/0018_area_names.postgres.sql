ALTER TABLE areas DROP CONSTRAINT areas_kind_check;
ALTER TABLE areas ADD CONSTRAINT areas_kind_check
  CHECK (kind IN ('country', 'authority', 'ward', 'msoa', 'lsoa', 'neighbourhood'));
CREATE INDEX areas_msoa ON areas (msoa_code);

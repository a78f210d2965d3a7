-- Census 2021 counts (ONS, Open Government Licence) for each LSOA of the place, and
-- England's (code E92000001) summed from every LSOA of the published files: one row
-- per table column, as "topic" (age, sex, ethnic_group, disability, english, health,
-- unpaid_care) and "category" (the file's column, or "total", the table's own total).
-- Wards, MSOAs, neighbourhoods and authorities are summed from their LSOAs when read.
CREATE TABLE area_census (
  code TEXT NOT NULL,
  topic TEXT NOT NULL,
  category TEXT NOT NULL,
  people BIGINT NOT NULL CHECK (people >= 0),  -- a count of people
  PRIMARY KEY (code, topic, category)
);

-- The English Indices of Deprivation 2025 as published (MHCLG), for each 2021 LSOA:
-- the Index of Multiple Deprivation's score, rank (1 = most deprived of 33,755) and
-- decile (1 = most deprived 10%), and each domain's decile. Loaded with the geography; other modules read it
-- to weigh need (the directory's gap analysis, area profiles).
CREATE TABLE area_deprivation (
  code TEXT PRIMARY KEY REFERENCES areas (code),
  imd_score DOUBLE PRECISION NOT NULL,
  imd_rank INTEGER NOT NULL,
  imd_decile INTEGER NOT NULL CHECK (imd_decile BETWEEN 1 AND 10),
  -- the seven domains' published deciles, in the IMD's order
  income_decile INTEGER,
  employment_decile INTEGER,
  education_decile INTEGER,
  health_decile INTEGER,
  crime_decile INTEGER,
  housing_decile INTEGER,
  environment_decile INTEGER
);

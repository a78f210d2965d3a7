-- Named neighbourhoods an officer saves (Chorley named Chorley (Inner) East, Clayton
-- Brook and Chorley South West): areas of kind 'neighbourhood' whose LSOAs are listed
-- here. They are areas everywhere else in Kith.
CREATE TABLE neighbourhood_lsoas (
  neighbourhood_code TEXT NOT NULL REFERENCES areas (code),
  lsoa_code TEXT NOT NULL REFERENCES areas (code),
  PRIMARY KEY (neighbourhood_code, lsoa_code)
);
CREATE INDEX neighbourhood_lsoas_lsoa ON neighbourhood_lsoas (lsoa_code);

-- The names people use. An LSOA is shown with the House of Commons Library name of
-- its middle layer super output area (MSOA): "Heeley & Newfield Green (Sheffield 051E)".
-- MSOAs become areas of kind 'msoa' (E02 codes), summed from their LSOAs.
--   known_as   the MSOA's House of Commons Library name (an LSOA carries its MSOA's); NULL if none
--   msoa_code  an LSOA's MSOA
--   label      what pages and the API show: made by areas::label() whenever a row is written,
--              kept here so that other modules' queries can show it; name stays the official one
ALTER TABLE areas ADD COLUMN known_as TEXT;
ALTER TABLE areas ADD COLUMN msoa_code TEXT;
ALTER TABLE areas ADD COLUMN label TEXT NOT NULL DEFAULT '';
UPDATE areas SET label = name;

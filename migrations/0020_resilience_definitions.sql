-- Resilience index definitions officers save (their own indicators and weights), to
-- compute for any authority on the resilience page. Kith's default is in the code.
CREATE TABLE resilience_definitions (
  id {{ID}},
  name TEXT NOT NULL,
  definition TEXT NOT NULL,  -- the JSON parse_definition reads
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL
);

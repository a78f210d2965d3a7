-- The directory's search index lives in memory and is rebuilt when the directory
-- changes: every write to the hsds_ tables adds one to this counter (once per
-- transaction), so every server process sees that its index is out of date.
CREATE TABLE directory_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO directory_generation (id, n) VALUES (1, 0);

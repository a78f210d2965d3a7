-- Pairs of listings a moderator has looked at and said are not the same thing, so
-- the duplicates page stops suggesting them. a < b, both service ids.
CREATE TABLE directory_not_duplicates (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  decided_by BIGINT REFERENCES users (id),
  decided_at TEXT NOT NULL,
  PRIMARY KEY (a, b)
);

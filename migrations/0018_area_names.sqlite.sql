-- SQLite cannot alter a CHECK constraint. Widening one changes no stored row, so this
-- uses the procedure SQLite documents for that (sqlite.org/lang_altertable.html,
-- "making other kinds of table schema changes"): rewrite the table's stored definition.
-- It runs after the ADD COLUMNs above, which work from the definition as it was.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''lsoa'', ''neighbourhood'')', '''lsoa'', ''neighbourhood'', ''msoa'')')
  WHERE type = 'table' AND name = 'areas';
PRAGMA writable_schema = RESET;
-- A schema change after the rewrite, so that every other open connection reads it anew.
CREATE INDEX areas_msoa ON areas (msoa_code);

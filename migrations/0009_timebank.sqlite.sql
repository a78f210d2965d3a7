CREATE TRIGGER timebank_entries_no_update BEFORE UPDATE ON timebank_entries
BEGIN SELECT RAISE(ABORT, 'timebank_entries is append-only: correct with a reversing transfer'); END;
CREATE TRIGGER timebank_entries_no_delete BEFORE DELETE ON timebank_entries
BEGIN SELECT RAISE(ABORT, 'timebank_entries is append-only: correct with a reversing transfer'); END;

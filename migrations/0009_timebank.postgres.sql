CREATE FUNCTION timebank_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'timebank_entries is append-only: correct with a reversing transfer';
END;
$$;
CREATE TRIGGER timebank_entries_no_change BEFORE UPDATE OR DELETE ON timebank_entries
  FOR EACH ROW EXECUTE FUNCTION timebank_entries_append_only();

-- The audit log stays append-only, with one exception: erasing a person may redact
-- an entry they made or that is about them — the label becomes "Former member", the
-- before and after become {"erased":true}, the address goes — and nothing else.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.on_behalf_of IS NOT DISTINCT FROM OLD.on_behalf_of
     AND (NEW.actor_label = OLD.actor_label OR NEW.actor_label = 'Former member')
     AND (NEW.before_json IS NOT DISTINCT FROM OLD.before_json OR NEW.before_json = '{"erased":true}')
     AND (NEW.after_json IS NOT DISTINCT FROM OLD.after_json OR NEW.after_json = '{"erased":true}')
     AND (NEW.ip IS NOT DISTINCT FROM OLD.ip OR NEW.ip IS NULL) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;

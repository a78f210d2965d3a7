-- The audit log stays append-only, with one exception: erasing a person may redact
-- an entry they made or that is about them — the label becomes "Former member", the
-- before and after become {"erased":true}, the address goes — and nothing else.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.entity = OLD.entity
          AND NEW.entity_id = OLD.entity_id AND NEW.actor_id IS OLD.actor_id
          AND NEW.on_behalf_of IS OLD.on_behalf_of
          AND (NEW.actor_label = OLD.actor_label OR NEW.actor_label = 'Former member')
          AND (NEW.before_json IS OLD.before_json OR NEW.before_json = '{"erased":true}')
          AND (NEW.after_json IS OLD.after_json OR NEW.after_json = '{"erased":true}')
          AND (NEW.ip IS OLD.ip OR NEW.ip IS NULL))
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

ALTER TABLE plan_actions DROP CONSTRAINT plan_actions_kind_check;
ALTER TABLE plan_actions ADD CONSTRAINT plan_actions_kind_check
  CHECK (kind IN ('service', 'grant-round', 'grant-project', 'pb', 'timebank', 'hub', 'initiative'));

-- SQLite cannot change a CHECK in place: the table is made again with its rows.
CREATE TABLE plan_actions_new (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'grant-round', 'grant-project', 'pb', 'timebank', 'hub', 'initiative')),
  ref TEXT NOT NULL,
  href TEXT NOT NULL
);
INSERT INTO plan_actions_new (id, plan_id, title, kind, ref, href)
  SELECT id, plan_id, title, kind, ref, href FROM plan_actions;
DROP TABLE plan_actions;
ALTER TABLE plan_actions_new RENAME TO plan_actions;
CREATE INDEX plan_actions_plan ON plan_actions (plan_id);

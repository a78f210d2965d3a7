-- Two new roles: team leads and referrers. SQLite cannot change a CHECK in place, so
-- user_roles is rebuilt with the longer list (nothing refers to it).
CREATE TABLE user_roles_new (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('member', 'organisation', 'moderator', 'coordinator', 'panel', 'officer', 'admin',
                                     'team_lead', 'referrer')),
  PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

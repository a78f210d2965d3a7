-- Two new roles: team leads and referrers.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
  CHECK (role IN ('member', 'organisation', 'moderator', 'coordinator', 'panel', 'officer', 'admin',
                  'team_lead', 'referrer'));

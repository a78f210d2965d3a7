-- Applying together by invitation and agreement: an applicant names someone's email
-- and the invitation waits, whether or not anyone has an account with it, until a
-- person signed in with that email accepts (then they are a co-applicant, in
-- grant_applicants) or declines. Nothing here tells the applicant whether the email
-- has an account.
CREATE TABLE grant_co_invitations (
  id {{ID}},
  application_id BIGINT NOT NULL REFERENCES grant_applications (id),
  email TEXT NOT NULL,                  -- lower case and trimmed, as accounts keep it
  invited_by BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  created_at TEXT NOT NULL,
  answered_at TEXT,
  answered_by BIGINT REFERENCES users (id),
  UNIQUE (application_id, email)
);
CREATE INDEX grant_co_invitations_email ON grant_co_invitations (email, status);

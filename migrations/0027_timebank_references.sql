-- Whether a timebank asks for references before a coordinator approves a member or
-- organisation (Timebanking UK's practice, so on unless a timebank turns it off).
ALTER TABLE timebanks ADD COLUMN references_required INTEGER NOT NULL DEFAULT 1;

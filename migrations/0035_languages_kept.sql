-- The language each person chose (a BCP 47 primary tag: cy, ur, pl, pa; '' until they
-- choose one), so that pages follow them to any browser they sign in on and the
-- messages Kith sends them are written in it; and the language each queued message is
-- written in, fixed when it is queued (the person's, or for someone without an account
-- the language of the page that caused it).
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN language TEXT NOT NULL DEFAULT '';

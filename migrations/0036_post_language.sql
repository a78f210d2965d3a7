-- The language a timebank offer or request was written in (a BCP 47 primary tag Kith
-- speaks: en, cy, ur, pl, pa), so that its title and words are marked with their own
-- lang wherever they are shown, as a story's are (0034). Posts made before were in English.
ALTER TABLE timebank_posts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- The language a story was written in (a BCP 47 primary tag: en, cy, ur, pl, pa, or
-- another a teller named), so that its text is marked with its own lang wherever it
-- is shown, whatever language the page around it is in. Stories told before Kith
-- spoke other languages were told in English.
ALTER TABLE stories ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- The language a listing's own words (its name and description) are written in, a
-- BCP 47 primary tag, so they are marked with their own lang wherever they are shown,
-- whatever the page around them is in. "Add your group" asks for it; feeds and
-- listings made before this are English.
ALTER TABLE hsds_service ADD COLUMN kith_language TEXT NOT NULL DEFAULT 'en';

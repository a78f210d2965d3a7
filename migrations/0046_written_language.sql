-- The language people's own words are written in, a BCP 47 primary tag, so they are
-- marked with their own lang wherever they are shown, whatever the page around them is
-- in (stories since 0034, timebank posts since 0036): a listing's name and description
-- ("Add your group" asks; feeds are English) and a gift or need on the gift board.
-- What was written before this is English.
ALTER TABLE hsds_service ADD COLUMN kith_language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE gift_board_entries ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

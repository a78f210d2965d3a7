-- Full-text search over published stories (English stemming): the text's vector kept
-- in a generated column, so that matching and ranking read it rather than re-parse
-- the text, with a GIN index for matching.
ALTER TABLE stories ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || COALESCE(public_body, ''))) STORED;
CREATE INDEX stories_fts ON stories USING GIN (search_vector) WHERE status = 'published';

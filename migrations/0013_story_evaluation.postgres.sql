-- Full-text search over published stories (English stemming), by a GIN index on the
-- expression the store's search uses.
CREATE INDEX stories_fts ON stories
  USING GIN (to_tsvector('english', title || ' ' || COALESCE(public_body, '')))
  WHERE status = 'published';

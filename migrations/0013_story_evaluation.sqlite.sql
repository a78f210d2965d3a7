-- Full-text search over published stories (FTS5, English stemming), kept in step by
-- triggers: a story is in the index while, and only while, it is published.
CREATE VIRTUAL TABLE stories_fts USING fts5(title, body, tokenize = 'porter unicode61');
INSERT INTO stories_fts (rowid, title, body)
  SELECT id, title, COALESCE(public_body, '') FROM stories WHERE status = 'published';
CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories WHEN NEW.status = 'published'
BEGIN INSERT INTO stories_fts (rowid, title, body) VALUES (NEW.id, NEW.title, COALESCE(NEW.public_body, '')); END;
CREATE TRIGGER stories_fts_update AFTER UPDATE ON stories
BEGIN
  DELETE FROM stories_fts WHERE rowid = OLD.id;
  INSERT INTO stories_fts (rowid, title, body)
    SELECT NEW.id, NEW.title, COALESCE(NEW.public_body, '') WHERE NEW.status = 'published';
END;

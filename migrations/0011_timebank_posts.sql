-- Offers and requests on the timebank: what members can do and what they would like,
-- with where, when and until when. Contact details are shared only when both agree:
-- a member responds (agreeing), and the poster agrees in turn.
CREATE TABLE timebank_posts (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES timebank_accounts (id),
  side TEXT NOT NULL CHECK (side IN ('offer', 'request')),
  category TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  availability INTEGER NOT NULL DEFAULT 0,
  lsoa_code TEXT REFERENCES areas (code),
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  share_across_network INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX timebank_posts_open ON timebank_posts (status, expires_at);

CREATE TABLE timebank_responses (
  post_id BIGINT NOT NULL REFERENCES timebank_posts (id),
  responder_account BIGINT NOT NULL REFERENCES timebank_accounts (id),
  message TEXT NOT NULL,
  poster_agreed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  PRIMARY KEY (post_id, responder_account)
);

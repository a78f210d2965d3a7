-- Timebanks of one borough network (Thurrock's hub, ward and group banks), their
-- members' and organisations' accounts, exchanges, and the double-entry ledger in
-- whole minutes: every transfer writes equal and opposite entries, so the sum over
-- all accounts is always zero. Entries are never edited: a correction is a reversing
-- transfer (the dialect files refuse UPDATE and DELETE of entries).
CREATE TABLE timebanks (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hub', 'ward', 'group')),
  area_code TEXT REFERENCES areas (code),
  description TEXT NOT NULL DEFAULT '',
  min_balance INTEGER NOT NULL,          -- minutes: -600 is -10 hours
  max_balance INTEGER NOT NULL,          -- minutes: 3000 is +50 hours
  created_at TEXT NOT NULL
);

CREATE TABLE timebank_accounts (
  id {{ID}},
  timebank_id BIGINT NOT NULL REFERENCES timebanks (id),
  kind TEXT NOT NULL CHECK (kind IN ('member', 'organisation', 'timebank')),
  user_id BIGINT REFERENCES users (id),  -- NULL for the timebank's own account
  name TEXT NOT NULL,                    -- as other members see it
  lsoa_code TEXT REFERENCES areas (code),
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'left')),
  references_taken INTEGER NOT NULL DEFAULT 0,
  approved_by BIGINT REFERENCES users (id),
  approved_at TEXT,
  show_across_network INTEGER NOT NULL DEFAULT 1,
  balance INTEGER NOT NULL DEFAULT 0,    -- minutes: always the sum of its entries
  created_at TEXT NOT NULL,
  UNIQUE (timebank_id, user_id)
);
CREATE INDEX timebank_accounts_user ON timebank_accounts (user_id);
CREATE INDEX timebank_accounts_lsoa ON timebank_accounts (lsoa_code);

CREATE TABLE timebank_exchanges (
  id {{ID}},
  giver_account BIGINT NOT NULL REFERENCES timebank_accounts (id),     -- gave the help: is paid
  receiver_account BIGINT NOT NULL REFERENCES timebank_accounts (id),  -- received it: pays
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'done', 'confirmed', 'cancelled')),
  proposed_by BIGINT NOT NULL REFERENCES timebank_accounts (id),
  giver_confirmed INTEGER NOT NULL DEFAULT 0,
  receiver_confirmed INTEGER NOT NULL DEFAULT 0,
  coordinator_confirmed_by BIGINT REFERENCES users (id),
  cancel_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT
);
CREATE INDEX timebank_exchanges_giver ON timebank_exchanges (giver_account);
CREATE INDEX timebank_exchanges_receiver ON timebank_exchanges (receiver_account);

CREATE TABLE timebank_transfers (
  id {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'gift', 'correction')),
  exchange_id BIGINT REFERENCES timebank_exchanges (id),
  reverses BIGINT REFERENCES timebank_transfers (id),
  memo TEXT NOT NULL,
  created_by BIGINT REFERENCES users (id),
  at TEXT NOT NULL
);
CREATE UNIQUE INDEX timebank_transfers_exchange ON timebank_transfers (exchange_id) WHERE kind = 'exchange';
CREATE UNIQUE INDEX timebank_transfers_reverses ON timebank_transfers (reverses);

CREATE TABLE timebank_entries (
  id {{ID}},
  transfer_id BIGINT NOT NULL REFERENCES timebank_transfers (id),
  account_id BIGINT NOT NULL REFERENCES timebank_accounts (id),
  minutes INTEGER NOT NULL,              -- + paid in, - paid out
  at TEXT NOT NULL
);
CREATE INDEX timebank_entries_account ON timebank_entries (account_id, id);

-- A member who blocks another: neither sees the other's posts nor can exchange.
CREATE TABLE timebank_blocks (
  user_id BIGINT NOT NULL REFERENCES users (id),
  blocked_user_id BIGINT NOT NULL REFERENCES users (id),
  at TEXT NOT NULL,
  PRIMARY KEY (user_id, blocked_user_id)
);

-- Accounts people make themselves: an emailed link confirms the address, another
-- resets a forgotten password. Links are stored as SHA-256 hashes, like invitations.

-- NULL until the person follows the link we emailed them (sign-up). Accounts made
-- before this, by invitation or by an admin, count as confirmed.
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
UPDATE users SET email_verified_at = created_at;
-- When the person agreed to the place's terms and privacy notice (sign-up).
ALTER TABLE users ADD COLUMN terms_agreed_at TEXT;

CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the token in the link
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT                         -- each link works once
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Sign-ups, requests for a new link and password resets, counted to throttle them
-- per address and per client, whether or not the address has an account.
CREATE TABLE account_requests (
  id {{ID}},
  kind TEXT NOT NULL,                  -- sign_up, verify_again, password_reset
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX account_requests_email ON account_requests (kind, email, at);
CREATE INDEX account_requests_ip ON account_requests (kind, ip, at);

-- Sign-in attempts and account requests are deleted after a day (AccountStore), by
-- when they were made.
CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);
CREATE INDEX account_requests_at ON account_requests (at);

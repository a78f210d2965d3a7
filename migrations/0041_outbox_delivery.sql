-- What became of a message after the provider accepted it (docs/messages.md, "How
-- Kith learns of bounces"). GOV.UK Notify answers 201 at once and learns later whether
-- the message arrived: the sender asks it about each message it accepted, at
-- lengthening intervals for four days, until it says delivered or failed.
ALTER TABLE outbox ADD COLUMN next_check_at TEXT;  -- when to ask the provider next; NULL: never (SMTP, settled, too old)
ALTER TABLE outbox ADD COLUMN delivered_at TEXT;   -- when Kith learnt it was delivered (status 'delivered')
-- Only messages still to be asked about are indexed: a few days' worth, not every message ever sent.
CREATE INDEX outbox_check_due ON outbox (next_check_at) WHERE next_check_at IS NOT NULL;

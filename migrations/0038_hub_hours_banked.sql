-- A hub may bank its volunteers' hours in a timebank (issue 18): confirming who came to
-- a shift then pays each of them the shift's time from the timebank's own account, when
-- they have an active account there. Only a timebank coordinator (or an admin) chooses
-- the timebank. Each signup keeps the transfer that banked it, so a shift confirmed
-- again never pays twice.
ALTER TABLE hubs ADD COLUMN timebank_id BIGINT REFERENCES timebanks (id);
ALTER TABLE hub_signups ADD COLUMN banked_transfer BIGINT REFERENCES timebank_transfers (id);

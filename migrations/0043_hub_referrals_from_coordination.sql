-- A coordinator's connection to a community hub (coord_connections.hub_id) can tell
-- the hub the person is coming: the hub's referral then names the connection
-- (hub_referrals.coord_connection_id), so the coordinator sees when the hub has seen
-- it, and erasing the person's case erases the referral too.
ALTER TABLE coord_connections ADD COLUMN hub_id BIGINT REFERENCES hubs (id);
ALTER TABLE hub_referrals ADD COLUMN coord_connection_id BIGINT REFERENCES coord_connections (id);
CREATE INDEX hub_referrals_connection ON hub_referrals (coord_connection_id);

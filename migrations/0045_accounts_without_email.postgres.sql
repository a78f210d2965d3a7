ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
CREATE UNIQUE INDEX users_phone_without_email ON users (phone) WHERE email IS NULL;

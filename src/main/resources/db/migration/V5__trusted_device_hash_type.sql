-- The token hash is text of a fixed length; VARCHAR matches how the application reads it.
ALTER TABLE trusted_devices ALTER COLUMN token_hash TYPE VARCHAR(64);

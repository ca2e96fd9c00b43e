-- Nonces HVS issued to hosts, keyed by SHA-256(nonce) (which is also the quote's extraData). Single-use:
-- used_at is set by the one UPDATE that consumes it. Shared by every HVS instance.
CREATE TABLE nonces (
    nonce_sha256  BYTEA PRIMARY KEY,
    host_id       UUID        NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    purpose       TEXT        NOT NULL,
    pcr_selection JSONB       NOT NULL,
    issued_at     TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ
);
CREATE INDEX nonces_expires ON nonces (expires_at);

-- RCAR sessions, shared by every KBS instance (a client's /auth, /attest and /resource may hit different ones).
-- A session is "authed" while token is null and "attested" once it holds the EAR token. The nonce is single-use:
-- nonce_used flips once, atomically, on the first /attest.
CREATE TABLE rcar_session (
    id          text PRIMARY KEY,
    tee         text        NOT NULL,
    nonce       text        NOT NULL UNIQUE,
    nonce_used  boolean     NOT NULL DEFAULT false,
    token       text,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX rcar_session_expires_at ON rcar_session (expires_at);

-- Secrets, envelope-encrypted: content under a per-resource key (AES-256-GCM, AAD = path), that key sealed under
-- a master key (AAD = 'resource:' || path). Rotation re-seals only the per-resource key.
CREATE TABLE resource (
    path           text PRIMARY KEY,
    content_iv     bytea       NOT NULL,
    ciphertext     bytea       NOT NULL,
    key_master_id  text        NOT NULL,
    key_iv         bytea       NOT NULL,
    sealed_key     bytea       NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Attestation and resource policies uploaded through the admin API (the built-in defaults are not stored).
CREATE TABLE policy (
    kind        text        NOT NULL,
    id          text        NOT NULL,
    language    text        NOT NULL,
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, id)
);

-- EAR token signing keys (P-256), the private key sealed under a master key (AAD = 'signing-key:' || kid).
CREATE TABLE signing_key (
    kid            text PRIMARY KEY,
    key_master_id  text        NOT NULL,
    key_iv         bytea       NOT NULL,
    sealed_key     bytea       NOT NULL,
    certificate    bytea       NOT NULL,
    created_at     timestamptz NOT NULL
);

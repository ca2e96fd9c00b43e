-- Outstanding MakeCredential challenges. Only SHA-256 of the credential is kept; a challenge accepts one
-- answer (right or wrong) before it expires.
CREATE TABLE onboarding_challenges (
    id             UUID PRIMARY KEY,
    host_id        UUID        NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    ak_public      BYTEA       NOT NULL,
    ak_name        BYTEA       NOT NULL,
    ek_public      BYTEA       NOT NULL,
    ek_certificate BYTEA,
    secret_sha256  BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ
);
CREATE INDEX onboarding_challenges_expires ON onboarding_challenges (expires_at);

-- Endorsement CAs (roots and intermediates) that EK certificates must chain to.
CREATE TABLE endorsement_cas (
    id          UUID PRIMARY KEY,
    subject     TEXT        NOT NULL,
    sha256      TEXT        NOT NULL UNIQUE,
    certificate BYTEA       NOT NULL,
    self_signed BOOLEAN     NOT NULL,
    not_after   TIMESTAMPTZ NOT NULL,
    comment     TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);

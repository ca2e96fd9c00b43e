-- Connection state as last seen by HVS, and the attestation key pinned at onboarding. A quote is accepted
-- for a host only when it verifies with ak_public (TPMT_PUBLIC bytes as the TPM returned them);
-- ak_name = nameAlg || H(ak_public), the name MakeCredential bound the onboarding challenge to.
ALTER TABLE hosts
    ADD COLUMN connection_state TEXT NOT NULL DEFAULT 'UNKNOWN',
    ADD COLUMN last_contact_at  TIMESTAMPTZ,
    ADD COLUMN ak_public        BYTEA,
    ADD COLUMN ak_name          BYTEA,
    ADD COLUMN ek_public        BYTEA,
    ADD COLUMN ek_certificate   BYTEA,
    ADD COLUMN ak_pinned_at     TIMESTAMPTZ,
    ADD CONSTRAINT hosts_ak_pin_complete CHECK ((ak_public IS NULL) = (ak_name IS NULL)
        AND (ak_public IS NULL) = (ak_pinned_at IS NULL) AND (ak_public IS NULL) = (ek_public IS NULL));

-- Security-relevant changes (AK pins and re-pins, endorsement CA changes). No foreign key: entries outlive hosts.
CREATE TABLE audit_log (
    id       BIGSERIAL PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    actor    TEXT        NOT NULL,
    action   TEXT        NOT NULL,
    host_id  UUID,
    detail   JSONB       NOT NULL
);
CREATE INDEX audit_log_host ON audit_log (host_id, at);

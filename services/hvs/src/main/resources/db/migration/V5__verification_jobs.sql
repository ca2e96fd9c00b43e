-- Durable verification queue. Workers claim PENDING jobs (or RUNNING ones whose lease ran out, i.e. whose
-- worker died) with FOR UPDATE SKIP LOCKED; lease_owner fences a late finish by a worker that lost its lease.
-- evidence is a pushed EvidencePush (JSON) whose nonce was already consumed; null means: ask the agent.
CREATE TABLE verification_jobs (
    id           UUID PRIMARY KEY,
    host_id      UUID        NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    trigger      TEXT        NOT NULL,
    evidence     BYTEA,
    nonce_sha256 BYTEA,
    state        TEXT        NOT NULL,
    attempts     INT         NOT NULL DEFAULT 0,
    not_before   TIMESTAMPTZ NOT NULL,
    lease_owner  UUID,
    lease_until  TIMESTAMPTZ,
    report_id    UUID,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    CONSTRAINT verification_jobs_evidence_nonce CHECK ((evidence IS NULL) = (nonce_sha256 IS NULL))
);
CREATE INDEX verification_jobs_pending ON verification_jobs (not_before) WHERE state = 'PENDING';
CREATE INDEX verification_jobs_running ON verification_jobs (lease_until) WHERE state = 'RUNNING';
-- at most one waiting "ask the agent" job per host: more triggers while it waits change nothing
CREATE UNIQUE INDEX verification_jobs_one_pending_fetch ON verification_jobs (host_id)
    WHERE state = 'PENDING' AND evidence IS NULL;

-- The last evidence that verified for each host (Evidence JSON and the SHA-256(nonce) its quote carries).
-- When flavors change, hosts are judged again on it without asking their agents.
CREATE TABLE host_evidence (
    host_id      UUID PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
    evidence     BYTEA       NOT NULL,
    nonce_sha256 BYTEA       NOT NULL,
    verified_at  TIMESTAMPTZ NOT NULL
);

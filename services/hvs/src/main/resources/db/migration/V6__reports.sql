-- Trust reports: the signed JWT as issued, and its claims as JSONB for queries. Ids are time-ordered
-- (UUIDv7), so ORDER BY id is creation order and afterId paging is stable.
CREATE TABLE reports (
    id         UUID PRIMARY KEY,
    host_id    UUID        NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    trusted    BOOLEAN     NOT NULL,
    claims     JSONB       NOT NULL,
    jwt        TEXT        NOT NULL,
    -- set once the report is on JetStream (outbox: unpublished reports are retried until NATS takes them)
    published_at TIMESTAMPTZ
);
CREATE INDEX reports_unpublished ON reports (id) WHERE published_at IS NULL;
CREATE INDEX reports_host_id ON reports (host_id, id);
CREATE INDEX reports_created ON reports (created_at);
CREATE INDEX reports_expires ON reports (expires_at);

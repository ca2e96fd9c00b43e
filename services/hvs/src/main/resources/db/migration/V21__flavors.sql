-- Flavors, signed by HVS. content is the exact JSON that was signed (TEXT, not JSONB, which would re-encode it);
-- the rule engine checks the signature over these bytes before it reads them. The other columns only route and
-- filter: part (per-part policies), hardware_uuid (HOST_UNIQUE/ASSET_TAG flavors apply to one machine),
-- description (search by key/value), golden_host_id (made by golden-after-reboot for that host).
CREATE TABLE flavors (
    id             UUID PRIMARY KEY,
    label          TEXT        NOT NULL UNIQUE,
    flavor_part    TEXT        NOT NULL CHECK (flavor_part IN ('PLATFORM', 'OS', 'HOST_UNIQUE', 'SOFTWARE', 'ASSET_TAG')),
    hardware_uuid  TEXT,
    content        TEXT        NOT NULL,
    signature      TEXT        NOT NULL,
    description    JSONB GENERATED ALWAYS AS ((content::jsonb) -> 'meta' -> 'description') STORED,
    golden_host_id UUID REFERENCES hosts (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX flavors_part ON flavors (flavor_part);
CREATE INDEX flavors_hardware_uuid ON flavors (hardware_uuid) WHERE hardware_uuid IS NOT NULL;

CREATE TABLE flavor_group_flavors (
    flavor_group_id UUID NOT NULL REFERENCES flavor_groups (id) ON DELETE CASCADE,
    flavor_id       UUID NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
    PRIMARY KEY (flavor_group_id, flavor_id)
);
CREATE INDEX flavor_group_flavors_flavor ON flavor_group_flavors (flavor_id);

-- Flavor groups (Intel SecL flavor_group): a name and one match policy per flavor part.
CREATE TABLE flavor_groups (
    id                  UUID PRIMARY KEY,
    name                TEXT        NOT NULL UNIQUE,
    -- the seed behaviour, only on request: the first evidence after each TPM reset of a linked host becomes
    -- that host's golden flavors in this group
    golden_after_reboot BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE flavor_group_policies (
    flavor_group_id UUID NOT NULL REFERENCES flavor_groups (id) ON DELETE CASCADE,
    flavor_part     TEXT NOT NULL CHECK (flavor_part IN ('PLATFORM', 'OS', 'HOST_UNIQUE', 'SOFTWARE', 'ASSET_TAG')),
    match_type      TEXT NOT NULL CHECK (match_type IN ('ANY_OF', 'ALL_OF', 'LATEST')),
    required        TEXT NOT NULL CHECK (required IN ('REQUIRED', 'REQUIRED_IF_DEFINED')),
    PRIMARY KEY (flavor_group_id, flavor_part)
);

-- SecL's default group (create_default_flavorgroup.go, without IMA); its id sorts before every UUIDv7.
INSERT INTO flavor_groups (id, name, golden_after_reboot, created_at)
VALUES ('00000000-0000-7000-8000-000000000001', 'automatic', FALSE, TIMESTAMPTZ '1970-01-01 00:00:00+00');
INSERT INTO flavor_group_policies (flavor_group_id, flavor_part, match_type, required) VALUES
    ('00000000-0000-7000-8000-000000000001', 'PLATFORM', 'ANY_OF', 'REQUIRED'),
    ('00000000-0000-7000-8000-000000000001', 'OS', 'ANY_OF', 'REQUIRED'),
    ('00000000-0000-7000-8000-000000000001', 'SOFTWARE', 'ALL_OF', 'REQUIRED_IF_DEFINED'),
    ('00000000-0000-7000-8000-000000000001', 'ASSET_TAG', 'LATEST', 'REQUIRED_IF_DEFINED'),
    ('00000000-0000-7000-8000-000000000001', 'HOST_UNIQUE', 'LATEST', 'REQUIRED_IF_DEFINED');

-- host_flavor_groups (V1) links hosts to groups; a group's deletion unlinks its hosts.
ALTER TABLE host_flavor_groups
    ADD CONSTRAINT host_flavor_groups_flavor_group_fk
    FOREIGN KEY (flavor_group_id) REFERENCES flavor_groups (id) ON DELETE CASCADE;

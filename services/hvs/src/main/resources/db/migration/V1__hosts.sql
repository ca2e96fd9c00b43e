-- Migrations V1..V19 belong to hosts/onboarding/queue/reports, V20..V39 to flavors/templates/groups.

-- A node known to HVS. nats_host_id is the subject token its agent uses (trust-agent.<id>.*);
-- hardware_uuid is the self-reported SMBIOS UUID, kept for look-ups, not trusted as identity.
CREATE TABLE hosts (
    id                 UUID PRIMARY KEY,
    name               TEXT        NOT NULL UNIQUE,
    nats_host_id       TEXT        NOT NULL UNIQUE,
    hardware_uuid      UUID        NOT NULL,
    description        TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX hosts_hardware_uuid ON hosts (hardware_uuid);

-- Flavor groups a host is matched against. The foreign key to flavor_groups is added by the flavors
-- migrations (V20+), which create that table.
CREATE TABLE host_flavor_groups (
    host_id         UUID NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    flavor_group_id UUID NOT NULL,
    PRIMARY KEY (host_id, flavor_group_id)
);
CREATE INDEX host_flavor_groups_group ON host_flavor_groups (flavor_group_id);

-- Golden-after-reboot: the TPM reset count of the boot whose evidence a host's golden flavors in a group were
-- taken from. Evidence with another reset count is the first after a reboot and replaces them.
CREATE TABLE golden_boots (
    host_id         UUID        NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    flavor_group_id UUID        NOT NULL REFERENCES flavor_groups (id) ON DELETE CASCADE,
    reset_count     BIGINT      NOT NULL,
    taken_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (host_id, flavor_group_id)
);

-- RVPS schema: one row per reference value name; registering a name again replaces the row (Trustee semantics).
-- Released migrations are frozen: add V2__... instead.

CREATE TABLE reference_values (
    -- byte order ("C"), so paging by name is the same on every database whatever its default collation
    name          text COLLATE "C" PRIMARY KEY,
    value_list    text[]      NOT NULL,
    -- whole seconds (Trustee's YYYY-MM-DDTHH:MM:SSZ); a value is returned only while now < expiration
    expiration    timestamptz NOT NULL,
    -- provenance: token subject, message type ('sample' | 'signed-bundle'), bundle signer id, registration time
    registered_by text        NOT NULL,
    message_type  text        NOT NULL,
    signer        text,
    registered_at timestamptz NOT NULL,
    CONSTRAINT reference_values_values_not_empty CHECK (cardinality(value_list) > 0),
    CONSTRAINT reference_values_message_type CHECK (message_type IN ('sample', 'signed-bundle')),
    CONSTRAINT reference_values_signer_iff_bundle CHECK ((signer IS NOT NULL) = (message_type = 'signed-bundle'))
);

CREATE INDEX reference_values_expiration ON reference_values (expiration);

-- AAS schema: users, roles (service, name, context) with permission rules, user-role links,
-- login throttling, and the JWT signing key ring. Released migrations are frozen: add V2__... instead.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL,
    -- PHC string: $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt b64>$<hash b64>
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username)
);

CREATE TABLE roles (
    id         uuid        PRIMARY KEY,
    service    text        NOT NULL,
    name       text        NOT NULL,
    -- '' when the role has no context, so that the unique key below also covers context-less roles
    context    text        NOT NULL DEFAULT '',
    built_in   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    CONSTRAINT roles_service_name_context_unique UNIQUE (service, name, context)
);

-- Permission rules "resource:action:selector", in the order given at creation.
CREATE TABLE role_rules (
    role_id  uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    position int  NOT NULL,
    rule     text NOT NULL,
    PRIMARY KEY (role_id, position),
    CONSTRAINT role_rules_unique UNIQUE (role_id, rule)
);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- RESTRICT: a role still assigned to users cannot be deleted (the API answers 409)
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

-- Failed logins per submitted username (also for unknown names, so lockout does not reveal which exist).
CREATE TABLE login_failures (
    username     text        PRIMARY KEY,
    failures     int         NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);

-- JWT signing keys. The private key is an encrypted PKCS#8 (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256) under the
-- configured passphrase tc.aas.signing.key-passphrase; the database never sees it in clear.
CREATE TABLE signing_keys (
    kid               text        PRIMARY KEY,
    algorithm         text        NOT NULL,
    encrypted_key     bytea       NOT NULL,
    -- PEM certificates, leaf first (self-signed, or leaf + CMS chain up to its root)
    certificate_chain text        NOT NULL,
    created_at        timestamptz NOT NULL,
    -- set when a newer key became active; the key then only verifies until retain_until
    retired_at        timestamptz,
    retain_until      timestamptz
);
-- At most one active (not retired) key.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((retired_at IS NULL)) WHERE retired_at IS NULL;

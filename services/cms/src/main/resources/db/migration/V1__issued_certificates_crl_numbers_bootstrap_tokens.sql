-- CMS schema v1. Released migrations are frozen: change the schema with a new V<n>__ file.

-- Every certificate CMS signs, with its revocation state. serial is lower-case hex without leading zeros.
create table issued_certificate (
    serial            varchar(40)  primary key check (serial ~ '^[1-9a-f][0-9a-f]{0,39}$'),
    cert_type         varchar(16)  not null check (cert_type in ('TLS', 'TLS-Client', 'Signing')),
    subject           text         not null,
    sans              text[]       not null default '{}',
    not_before        timestamptz  not null,
    not_after         timestamptz  not null,
    pem               text         not null,
    issued_at         timestamptz  not null,
    requested_by      text,
    revoked_at        timestamptz,
    revocation_reason varchar(32),
    check (not_after > not_before),
    -- both set or both null: a revocation always has a reason
    check ((revoked_at is null) = (revocation_reason is null))
);

-- CRL generation reads the revoked certificates of one type.
create index issued_certificate_revoked_idx on issued_certificate (cert_type) where revoked_at is not null;

-- Last CRL number handed out per CA (RFC 5280 5.2.3: monotonically increasing).
create table crl_number (
    issuing_ca  varchar(16) primary key,
    last_number bigint      not null check (last_number > 0)
);

-- Bootstrap tokens are single-use: the SHA-256 of the token is recorded on first use; a second use is refused.
create table bootstrap_token_use (
    token_sha256 char(64)    primary key check (token_sha256 ~ '^[0-9a-f]{64}$'),
    subject      text,
    expires_at   timestamptz not null,
    used_at      timestamptz not null
);

-- Nodes the manager decides on: one row per NATS host id, current status and fencing state.
create table node (
    host_id          text primary key,
    host_name        text,
    hardware_uuid    text,
    kubernetes_node  text        not null,
    status           text        not null,
    reason           text,
    detail           text,
    faults           jsonb       not null default '[]',
    cordoned         boolean     not null default false,
    failed_at        timestamptz,
    onboarded_at     timestamptz,
    last_report_id   text,
    last_report_at   timestamptz,           -- iat of the newest applied report
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    constraint node_status check (status in ('PENDING', 'VERIFIED', 'ATTESTATION_FAILED', 'SECURE_BOOT_DISABLED')),
    constraint node_cordon check (cordoned = (failed_at is not null))
);
create index node_status_idx on node (status);

-- Every change of a node's status, reason or fencing, and every onboarding.
create table node_history (
    id          bigserial   primary key,
    host_id     text        not null references node (host_id),
    event       text        not null,     -- REPORT, STALE, ONBOARDED
    status      text        not null,
    reason      text,
    detail      text,
    faults      jsonb       not null default '[]',
    cordoned    boolean     not null,
    report_id   text,
    actor       text,
    at          timestamptz not null
);
create index node_history_host_idx on node_history (host_id, id);

-- Each report id once: the guard that makes redelivery and duplicates change nothing.
create table decided_report (
    report_id   text        primary key,
    host_id     text        not null,
    issued_at   timestamptz not null,
    status      text        not null,
    outcome     text        not null,     -- APPLIED or SUPERSEDED (an older report arriving after a newer one)
    instance    text        not null,
    decided_at  timestamptz not null
);

-- The poll policy (one row). configured_minutes remembers tc.am.poll-duration at the last start.
create table poll_policy (
    id                  int         primary key check (id = 1),
    minutes             int         not null check (minutes between 1 and 10080),
    configured_minutes  int         not null,
    updated_by          text        not null,
    updated_at          timestamptz not null
);

-- Reactions to deliver (Kubernetes fencing, inventory status), in order per node and channel, with retries.
create table outbox (
    id               bigserial   primary key,
    channel          text        not null,
    host_id          text        not null,
    payload          jsonb       not null,
    created_at       timestamptz not null,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    delivered_at     timestamptz,
    dropped          boolean     not null default false,
    last_error       text
);
create index outbox_pending_idx on outbox (channel, host_id, id) where delivered_at is null;

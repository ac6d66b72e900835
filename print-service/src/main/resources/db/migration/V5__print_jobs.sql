-- Print jobs (spec §3). Every change of status is one conditional UPDATE (PJ-3) plus one
-- history row written in the same transaction.
CREATE TABLE print_jobs (
    id                   uuid          PRIMARY KEY,
    organization_id      uuid          NOT NULL,
    created_by           varchar(64)   NOT NULL,
    created_by_type      varchar(16)   NOT NULL,
    job_name             varchar(255)  NOT NULL CHECK (length(job_name) BETWEEN 1 AND 255),
    job_type             varchar(16)   NOT NULL DEFAULT 'print_files' CHECK (job_type IN ('print_files', 'gang_sheets')),
    status               varchar(16)   NOT NULL DEFAULT 'pending' CHECK (status IN
                             ('pending', 'held', 'processing', 'completed', 'failed', 'cancelled')),
    state_reason         varchar(64),
    priority             smallint      NOT NULL DEFAULT 50 CHECK (priority BETWEEN 1 AND 100),
    printer_id           uuid,
    printer_name         varchar(255),
    shop_id              uuid,
    order_ref            varchar(255),
    file_ids             uuid[]        NOT NULL DEFAULT '{}',
    items                jsonb,
    print_config         jsonb         NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(print_config) = 'object'),
    progress_percentage  smallint      NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    estimated_completion timestamptz,
    started_at           timestamptz,
    completed_at         timestamptz,
    error_message        varchar(4000),
    retry_count          integer       NOT NULL DEFAULT 0,
    attempt              integer       NOT NULL DEFAULT 0,
    output_files         uuid[]        NOT NULL DEFAULT '{}',
    layout_id            uuid,
    parent_job_id        uuid,
    claim_id             uuid,
    claimed_by           varchar(64),
    claimed_by_type      varchar(16),
    lease_expires_at     timestamptz,
    progress_written_at  timestamptz,
    version              integer       NOT NULL DEFAULT 1,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    updated_at           timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT processing_jobs_have_a_claim CHECK (status <> 'processing' OR (claim_id IS NOT NULL AND lease_expires_at IS NOT NULL))
);
CREATE INDEX print_jobs_list ON print_jobs (organization_id, created_at DESC, id DESC);
-- The claim statement's index (AG-3): the next job of a printer in priority, then FIFO order.
CREATE INDEX print_jobs_claim ON print_jobs (organization_id, printer_id, priority DESC, created_at, id)
    WHERE status = 'pending';
CREATE INDEX print_jobs_leases ON print_jobs (lease_expires_at) WHERE status = 'processing';
CREATE INDEX print_jobs_open_by_printer ON print_jobs (printer_id) WHERE status IN ('pending', 'held', 'processing');

-- One row per transition, never changed. id is global so the event stream resumes from it.
CREATE TABLE print_job_history (
    id              bigserial    PRIMARY KEY,
    job_id          uuid         NOT NULL,
    organization_id uuid         NOT NULL,
    seq             integer      NOT NULL,
    at              timestamptz  NOT NULL DEFAULT now(),
    from_status     varchar(16),
    to_status       varchar(16)  NOT NULL,
    reason          varchar(64),
    message         varchar(4000),
    attempt         integer      NOT NULL DEFAULT 0,
    progress_percentage smallint NOT NULL DEFAULT 0,
    actor_id        varchar(64),
    actor_type      varchar(16),
    UNIQUE (job_id, seq)
);
CREATE INDEX print_job_history_stream ON print_job_history (organization_id, id);

-- Append-only: updates are refused, and deletes too except while an organization's data is
-- forgotten (the purge sets print.purging for its own transaction).
CREATE FUNCTION print_job_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('print.purging', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'print_job_history is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER print_job_history_append_only BEFORE UPDATE OR DELETE ON print_job_history
    FOR EACH ROW EXECUTE FUNCTION print_job_history_append_only();

-- Every replica learns of every transition at commit (event streams, waiting claims).
CREATE FUNCTION print_job_history_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('print_jobs', json_build_object('kind', 'status', 'id', NEW.id,
        'organization_id', NEW.organization_id, 'job_id', NEW.job_id, 'to_status', NEW.to_status)::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER print_job_history_notify AFTER INSERT ON print_job_history
    FOR EACH ROW EXECUTE FUNCTION print_job_history_notify();

-- Print agents, one per API key (AG-2).
CREATE TABLE print_agents (
    id                   uuid          PRIMARY KEY,
    organization_id      uuid          NOT NULL,
    api_key_id           varchar(64)   NOT NULL UNIQUE,
    name                 varchar(100)  NOT NULL,
    hostname             varchar(255),
    version              varchar(64),
    declared_printer_ids uuid[]        NOT NULL DEFAULT '{}',
    allowed_printer_ids  uuid[],
    enabled              boolean       NOT NULL DEFAULT true,
    last_seen_at         timestamptz   NOT NULL DEFAULT now(),
    row_version          integer       NOT NULL DEFAULT 1,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    updated_at           timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX print_agents_list ON print_agents (organization_id, lower(name), id);

-- First answers of creating requests per Idempotency-Key (PJ-8), kept 24 h.
CREATE TABLE idempotency_keys (
    organization_id uuid         NOT NULL,
    key             varchar(255) NOT NULL,
    request_hash    char(64)     NOT NULL,
    status          integer,
    body            text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

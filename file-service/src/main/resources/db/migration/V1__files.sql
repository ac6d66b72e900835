-- One row per file of an organization. Rows in status 'uploading' are reservations of uploads in
-- flight (plain or resumable); their hash and detected type are not known yet.
CREATE TABLE files (
    id                 uuid          PRIMARY KEY,
    organization_id    uuid          NOT NULL,
    file_type          varchar(16)   NOT NULL CHECK (file_type IN
                           ('original', 'design', 'mockup', 'print_file', 'watermark', 'template', 'export', 'other')),
    status             varchar(16)   NOT NULL CHECK (status IN ('uploading', 'ready', 'processing', 'failed', 'archived')),
    filename           varchar(255)  NOT NULL,
    original_filename  varchar(1024) NOT NULL,
    file_path          varchar(512)  NOT NULL,
    file_size          bigint        NOT NULL CHECK (file_size > 0),
    mime_type          varchar(127),
    declared_mime_type varchar(127),
    sha256             char(64)      CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_backend    varchar(16)   NOT NULL DEFAULT 'nas' CHECK (storage_backend IN ('nas')),
    file_metadata      jsonb         NOT NULL DEFAULT '{}',
    width_px           integer,
    height_px          integer,
    dpi_x              numeric(9, 2),
    dpi_y              numeric(9, 2),
    dpi_source         varchar(16),
    has_alpha          boolean,
    color_type         varchar(16),
    bit_depth          smallint,
    error              varchar(1000),
    created_by         varchar(64),
    created_by_type    varchar(16),
    archived_at        timestamptz,
    version            integer       NOT NULL DEFAULT 1,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    -- Uploads in flight: what this upload holds of the organization's quota, what has arrived,
    -- and for resumable uploads the announced length and when the session expires.
    reserved_bytes     bigint        NOT NULL DEFAULT 0 CHECK (reserved_bytes >= 0),
    received_bytes     bigint        NOT NULL DEFAULT 0 CHECK (received_bytes >= 0),
    resumable          boolean       NOT NULL DEFAULT false,
    upload_expires_at  timestamptz,
    client_sha256      char(64),
    CONSTRAINT stored_files_have_content CHECK (status IN ('uploading', 'failed') OR (sha256 IS NOT NULL AND mime_type IS NOT NULL))
);
CREATE INDEX files_list ON files (organization_id, created_at DESC, id DESC);
CREATE INDEX files_by_type_status ON files (organization_id, file_type, status);
CREATE UNIQUE INDEX files_dedup ON files (organization_id, sha256) WHERE status IN ('ready', 'processing');
CREATE INDEX files_reaper ON files (status, updated_at) WHERE status IN ('uploading', 'failed');

-- Each organization's usage and quota. used_* counts stored rows (ready, processing, archived);
-- reserved_* counts uploads in flight. NULL quota_bytes or max_files means the defaults.
CREATE TABLE org_usage (
    organization_id uuid        PRIMARY KEY,
    used_bytes      bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    reserved_bytes  bigint      NOT NULL DEFAULT 0 CHECK (reserved_bytes >= 0),
    file_count      integer     NOT NULL DEFAULT 0 CHECK (file_count >= 0),
    reserved_files  integer     NOT NULL DEFAULT 0 CHECK (reserved_files >= 0),
    quota_bytes     bigint      CHECK (quota_bytes >= 0),
    max_files       integer     CHECK (max_files >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_usage_by_used ON org_usage (used_bytes DESC, organization_id);

-- An organization's printers (spec §1). Printers belong to the organization, not to the user who
-- added them (PR-2); created_by only says who did.
CREATE TABLE printers (
    id                     uuid          PRIMARY KEY,
    organization_id        uuid          NOT NULL,
    created_by             varchar(64),
    created_by_type        varchar(16),
    name                   varchar(255)  NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    printer_type           varchar(16)   NOT NULL DEFAULT 'inkjet' CHECK (printer_type IN
                               ('inkjet', 'laser', 'sublimation', 'dtg', 'dtf', 'uv', 'vinyl', 'thermal', 'other')),
    manufacturer           varchar(100),
    model                  varchar(100),
    notes                  text          CHECK (length(notes) <= 10000),
    max_width_inches       numeric(8, 3) NOT NULL CHECK (max_width_inches > 0 AND max_width_inches <= 500),
    max_height_inches      numeric(8, 3) NOT NULL CHECK (max_height_inches > 0 AND max_height_inches <= 500),
    dpi                    integer       NOT NULL DEFAULT 300 CHECK (dpi BETWEEN 150 AND 1200),
    supported_template_ids uuid[],
    is_active              boolean       NOT NULL DEFAULT true,
    is_default             boolean       NOT NULL DEFAULT false,
    paused                 boolean       NOT NULL DEFAULT false,
    printer_config         jsonb         NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(printer_config) = 'object'),
    version                integer       NOT NULL DEFAULT 1,
    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now()
);
-- PR-1: at most one default printer per organization, whoever writes.
CREATE UNIQUE INDEX printers_one_default ON printers (organization_id) WHERE is_default;
CREATE INDEX printers_list ON printers (organization_id, is_default DESC, lower(name), id);

-- Print sizes of a product template's designs, with the gang-sheet DPI and spacing (spec §2).
CREATE TABLE canvas_configs (
    id                    uuid          PRIMARY KEY,
    organization_id       uuid          NOT NULL,
    product_template_id   uuid,
    name                  varchar(255)  NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    width_inches          numeric(8, 3) NOT NULL CHECK (width_inches > 0 AND width_inches <= 500),
    height_inches         numeric(8, 3) NOT NULL CHECK (height_inches > 0 AND height_inches <= 500),
    description           text          CHECK (length(description) <= 10000),
    is_active             boolean       NOT NULL DEFAULT true,
    is_stretch            boolean       NOT NULL DEFAULT true,
    dpi                   integer       NOT NULL DEFAULT 300 CHECK (dpi BETWEEN 150 AND 1200),
    spacing_width_inches  numeric(6, 3) NOT NULL DEFAULT 0.125 CHECK (spacing_width_inches BETWEEN 0 AND 10),
    spacing_height_inches numeric(6, 3) NOT NULL DEFAULT 0.125 CHECK (spacing_height_inches BETWEEN 0 AND 10),
    version               integer       NOT NULL DEFAULT 1,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now()
);
-- CC-1: a template does not need two configs of the same name (NULL templates compare equal here).
CREATE UNIQUE INDEX canvas_configs_name ON canvas_configs
    (organization_id, COALESCE(product_template_id, '00000000-0000-0000-0000-000000000000'), lower(name));
CREATE INDEX canvas_configs_list ON canvas_configs (organization_id, lower(name), id);

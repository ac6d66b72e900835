-- Gang-sheet layouts (GS-10): the layout a gang_sheets job was created with, never changed; the
-- renderer draws it, and clients read it through the layout and the job.
CREATE TABLE gang_sheet_layouts (
    id              uuid          PRIMARY KEY,
    organization_id uuid          NOT NULL,
    job_id          uuid          NOT NULL,
    params          jsonb         NOT NULL,
    layout          jsonb         NOT NULL,
    sheets          integer       NOT NULL CHECK (sheets >= 1),
    total_copies    integer       NOT NULL CHECK (total_copies >= 1),
    utilization     numeric(5, 4) NOT NULL CHECK (utilization BETWEEN 0 AND 1),
    created_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX gang_sheet_layouts_job ON gang_sheet_layouts (organization_id, job_id);

-- Immutable: an UPDATE is refused; a DELETE only by the organization purge, which says so.
CREATE FUNCTION gang_sheet_layouts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('print.purging', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'gang_sheet_layouts rows are immutable';
END;
$$;
CREATE TRIGGER gang_sheet_layouts_immutable BEFORE UPDATE OR DELETE ON gang_sheet_layouts
    FOR EACH ROW EXECUTE FUNCTION gang_sheet_layouts_immutable();

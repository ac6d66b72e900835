-- Expand step of moving an organization's status out of its free-form settings.
-- status is the truth from now on; version counts changes so consumers of the organization
-- events (auth-service's status projection) can tell an older event from a newer one.
ALTER TABLE organizations
    ADD COLUMN status  text   NOT NULL DEFAULT 'active'
        CONSTRAINT organizations_status_check CHECK (status IN ('active', 'inactive')),
    ADD COLUMN version bigint NOT NULL DEFAULT 1;

UPDATE organizations SET status = 'inactive' WHERE settings -> 'is_active' = 'false'::jsonb;

-- Until the contract step drops settings.is_active, the two stay in step whoever writes:
-- this version writes status, a replica of the previous version still writes settings.
-- Every update counts as a new version, whichever replica made it.
CREATE FUNCTION organizations_status_in_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.settings := NEW.settings || jsonb_build_object('is_active', NEW.status = 'active');
    ELSIF NEW.settings -> 'is_active' IS DISTINCT FROM OLD.settings -> 'is_active' THEN
        NEW.status := CASE WHEN NEW.settings -> 'is_active' = 'false'::jsonb THEN 'inactive' ELSE 'active' END;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER organizations_status_in_step
    BEFORE UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_status_in_step();

-- One-off republications of events, each done once by whichever replica starts first
-- (see OrganizationStatusRepublication).
CREATE TABLE event_republications (
    name    text        PRIMARY KEY,
    done_at timestamptz NOT NULL DEFAULT now()
);

-- An organization that wants every writer to prove what it read sets this on a namespace:
-- config updates and deletes without If-Match then answer 428 instead of applying to the
-- current version (konfig's behaviour, the default).
ALTER TABLE namespaces ADD COLUMN require_if_match boolean NOT NULL DEFAULT false;

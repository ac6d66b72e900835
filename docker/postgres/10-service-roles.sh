#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory. Each service gets
# its own login role that owns its own schema and can touch nothing else, so a leaked service
# credential exposes one schema, not the suite.
set -euo pipefail

psql_admin() {
	psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

# Nobody but the roles granted below may connect, and nobody creates objects in public.
psql_admin -v db="$POSTGRES_DB" <<-'SQL'
	SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db')\gexec
	REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL

# role_with_schema ROLE PASSWORD: a login role owning the schema of the same name.
role_with_schema() {
	psql_admin -v role="$1" -v password="$2" -v db="$POSTGRES_DB" <<-'SQL'
		SET client_min_messages TO warning;
		SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
		WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
		SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'db', :'role')\gexec
		SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'role', :'role')\gexec
		SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', :'role', :'db', :'role')\gexec
	SQL
	echo "konfig: role and schema '$1' ready"
}

# One line per service schema (spring.flyway.schemas of the module); ComposeFileTests checks it.
role_with_schema auth "${KONFIG_AUTH_DB_PASSWORD:?}"
role_with_schema tenant "${KONFIG_TENANT_DB_PASSWORD:?}"
role_with_schema config "${KONFIG_CONFIG_DB_PASSWORD:?}"
role_with_schema audit "${KONFIG_AUDIT_DB_PASSWORD:?}"
role_with_schema file "${KONFIG_FILE_DB_PASSWORD:?}"
role_with_schema print "${KONFIG_PRINT_DB_PASSWORD:?}"

# audit-service migrates as `audit` (the schema owner) but serves as `audit_writer`, which may
# only read and append: the audit trail is append-only for the service's own credentials.
psql_admin -v password="${KONFIG_AUDIT_WRITER_DB_PASSWORD:?}" -v db="$POSTGRES_DB" <<-'SQL'
	SET client_min_messages TO warning;
	SELECT format('CREATE ROLE audit_writer LOGIN PASSWORD %L', :'password')
	WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_writer')\gexec
	SELECT format('GRANT CONNECT ON DATABASE %I TO audit_writer', :'db')\gexec
	GRANT USAGE ON SCHEMA audit TO audit_writer;
	ALTER DEFAULT PRIVILEGES FOR ROLE audit IN SCHEMA audit GRANT SELECT, INSERT ON TABLES TO audit_writer;
	SELECT format('ALTER ROLE audit_writer IN DATABASE %I SET search_path = audit', :'db')\gexec
SQL
echo "konfig: role 'audit_writer' ready"

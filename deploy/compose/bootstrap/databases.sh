#!/bin/bash
# One-shot after PostgreSQL is healthy (postgres image): one role and one database per file
# /run/pg/databases/<name>.password. Idempotent: existing roles get their password re-set, nothing is dropped.
set -euo pipefail
PGPASSWORD="$(cat /run/pg/superuser.password)"
export PGPASSWORD
for file in /run/pg/databases/*.password; do
  name="$(basename "$file" .password)"
  psql -v ON_ERROR_STOP=1 -q -h postgres -U postgres -d postgres -v name="$name" -v password="$(cat "$file")" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SQL
  echo "database $name ready"
done

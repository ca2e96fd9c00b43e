# Sourced by the scripts: makes sure the real servers the platform and its tests need are installed and running.

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Debian packages for PostgreSQL, NATS (JetStream), swtpm and tpm2-tools; installed only when missing.
ensure_packages() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
  command -v swtpm >/dev/null 2>&1 || missing+=(swtpm)
  command -v swtpm_setup >/dev/null 2>&1 || missing+=(swtpm-tools)
  command -v tpm2_quote >/dev/null 2>&1 || missing+=(tpm2-tools)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A PostgreSQL server on 127.0.0.1:5432 (the Debian cluster, started when down).
ensure_postgres() {
  if [ -n "${TEST_PG_URL:-}" ] || listening 5432; then
    return 0
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "PostgreSQL is installed but has no cluster; creating one" >&2
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    $SUDO pg_createcluster "$version" main >/dev/null
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || $SUDO pg_ctlcluster "$version" main start
  for _ in $(seq 1 50); do listening 5432 && return 0; sleep 0.2; done
  echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
  return 1
}

# Runs psql as the postgres superuser over the local socket.
psql_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "psql -q -v ON_ERROR_STOP=1 -d postgres"
  else
    sudo -u postgres psql -q -v ON_ERROR_STOP=1 -d postgres
  fi
}

# A login role for tests that may create databases; its JDBC URL on stdout.
test_pg_url() {
  local role=tc_test password=tc_test
  psql_as_postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
  echo "jdbc:postgresql://127.0.0.1:5432/postgres?user=$role&password=$password"
}

#!/bin/bash
# One-shot, first thing at every `docker compose up` (as root, in the postgres image: bash and coreutils only).
# Creates each random secret once, into the `secrets` volume, never into the repository or an environment
# variable. Layout: /run/tc/<service>/<name>, read by that service as a Spring config tree
# (SPRING_CONFIG_IMPORT=configtree:/run/tc/<service>/), so <name> is a property or placeholder of the service.
# Database passwords are copied for the `databases` job into /run/pg (the postgres image's uid 999).
set -euo pipefail
umask 077
out=/run/tc
pg=/run/pg
service_uid=10001
postgres_uid=999

random() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=' | head -c 40; }
aes256() { head -c 32 /dev/urandom | base64 -w0; }

# secret <service> <name> <generator>: writes the file unless it exists
secret() {
  mkdir -p "$out/$1"
  [ -s "$out/$1/$2" ] || printf %s "$($3)" > "$out/$1/$2"
}

# database <service> <database and role> <password placeholder of the service>
database() {
  secret "$1" "$3" random
  mkdir -p "$pg/databases"
  install -o "$postgres_uid" -g "$postgres_uid" -m 0400 "$out/$1/$3" "$pg/databases/$2.password"
}

mkdir -p "$pg"
[ -s "$pg/superuser.password" ] || random > "$pg/superuser.password"
chown "$postgres_uid:$postgres_uid" "$pg/superuser.password"; chmod 0400 "$pg/superuser.password"

database cms cms TC_CMS_DB_PASSWORD
database aas aas TC_AAS_DB_PASSWORD
database hvs hvs TC_HVS_DB_PASSWORD
database rvps rvps TC_RVPS_DB_PASSWORD
database kbs kbs TC_KBS_DB_PASSWORD
database attestation-manager am TC_AM_DB_PASSWORD

secret cms tc.cms.key-store-password random
secret aas tc.aas.admin.password random
secret aas tc.aas.signing.key-passphrase random
secret hvs tc.hvs.signing.key-store-password random
secret aas tc.identity.key-store-password random
secret hvs tc.identity.key-store-password random
secret rvps tc.identity.key-store-password random
secret kbs tc.identity.key-store-password random
secret attestation-manager tc.identity.key-store-password random
# KBS: the master key sealing resources and its token key at rest; its RVPS service account's password
secret kbs tc.kbs.master-keys.k1 aes256
secret kbs tc.kbs.rvps.password random
# attestation manager: its HVS service account's password
secret attestation-manager tc.am.hvs.password random
# the account whose token onboards the lab's trust agent (used by aas-bootstrap only)
secret aas-bootstrap trust-agent-onboard.password random

# volumes of images that start empty and root-owned, used by non-root containers
chown "$service_uid:$service_uid" /volumes/nats

chown -R "$service_uid:$service_uid" "$out"
chmod -R go-rwx "$out"
echo "secrets ready in the volume (the AAS admin password: docker compose run --rm --no-deps --entrypoint cat cms-bootstrap /run/tc/aas/tc.aas.admin.password)"

#!/bin/sh
# One-shot after AAS is healthy (CMS image: sh and curl): the service accounts services call each other with,
# each holding one role with exactly the rules it needs (an existing account is left as it is), and a fresh
# onboarding token for the lab's trust agent.
set -eu
aas=https://aas:8444/aas/v1
ca=/run/tc/trust/cms-root.pem

admin_token="$(curl -fsS --cacert "$ca" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$(cat /run/tc/aas/tc.aas.admin.password)\"}" "$aas/token")"

call() {
  curl -fsS --cacert "$ca" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' "$@"
}
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

# account <username> <password file> <service> <role name> <rule>...
account() {
  username="$1" password_file="$2" service="$3" role="$4"
  shift 4
  if call "$aas/users?name=$username" | grep -q '"user_id"'; then
    echo "aas-bootstrap: $username exists"
    return
  fi
  rules="$(printf '"%s",' "$@" | sed 's/,$//')"
  role_id="$(call "$aas/roles?service=$service&name=$role" | field role_id | head -n 1)"
  if [ -z "$role_id" ]; then
    role_id="$(call -d "{\"service\":\"$service\",\"name\":\"$role\",\"permissions\":[$rules]}" "$aas/roles" | field role_id)"
  fi
  user_id="$(call -d "{\"username\":\"$username\",\"password\":\"$(cat "$password_file")\"}" "$aas/users" | field user_id)"
  call -d "{\"role_ids\":[\"$role_id\"]}" "$aas/users/$user_id/roles" >/dev/null
  echo "aas-bootstrap: $username created with $service role $role"
}

# KBS reads reference values from RVPS (and forwards the admin's registrations)
account kbs-rvps /run/tc/kbs/tc.kbs.rvps.password RVPS KbsReferenceValues \
  "reference_values:query:*" "reference_values:create:*"

# the attestation manager looks hosts up, imports golden flavors and asks for re-attestation through HVS
account am-hvs /run/tc/attestation-manager/tc.am.hvs.password HVS AttestationManager \
  "flavors:create:*" "reports:create:*" "hosts:search:*"

# the lab's trust agent onboards with a token of this account (HVS:hosts:onboard only)
account trust-agent-onboard /run/tc/aas-bootstrap/trust-agent-onboard.password HVS AgentOnboarding "hosts:onboard:*"

# token <service> <name> <username> <password file>: a fresh AAS token of that account into /run/tc/<service>/<name>
token() {
  mkdir -p "/run/tc/$1"
  curl -fsS --cacert "$ca" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$3\",\"password\":\"$(cat "$4")\"}" "$aas/token" > "/run/tc/$1/$2.new"
  mv "/run/tc/$1/$2.new" "/run/tc/$1/$2"
}
token trust-agent hvs-token trust-agent-onboard /run/tc/aas-bootstrap/trust-agent-onboard.password

echo "aas-bootstrap: service accounts and the agent's onboarding token ready"

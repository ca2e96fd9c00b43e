#!/bin/sh
# Bootstrap job (CMS image: sh, curl, keytool, the CMS jar). Reads the plan the chart rendered, one step per
# line, and stores results in the Secrets the chart created empty (merge patch; nothing else is writable):
#   secret <secret> <key> random|aes256|database   a random secret, generated once
#   trust                                   CMS root PEM + JVM trust store  -> <fullname>-trust
#   keystore <service> <certType> <cn> <file> <password secret> <password key> [san...]
#                                           key made here, CSR signed by CMS -> <service>-bootstrap/<file>
#   token <service> <key> <permission>      single-use CMS bootstrap token   -> <service>-bootstrap/<key>
#   account <username> <password secret> <password key> <service> <role> <rule>...
#                                           AAS service account with one role
# Every step is skipped when its result exists, so the job can run at every install and upgrade.
set -eu
plan=/bootstrap/plan
sa=/var/run/secrets/kubernetes.io/serviceaccount
api="https://kubernetes.default.svc/api/v1/namespaces/$(cat "$sa/namespace")/secrets"
work="$(mktemp -d)"

k8s() { curl -fsS --cacert "$sa/ca.crt" -H "Authorization: Bearer $(cat "$sa/token")" "$@"; }
has() { k8s "$api/$1" | grep -q "\"$2\": *\""; }
store() {
  printf '{"data":{"%s":"%s"}}' "$2" "$(base64 -w0 < "$3")" > "$work/patch.json"
  k8s -X PATCH -H 'Content-Type: application/merge-patch+json' --data-binary "@$work/patch.json" "$api/$1" >/dev/null
  echo "bootstrap: stored $1/$2"
}
value() { k8s "$api/$1" | sed -n "s/.*\"$(echo "$2" | sed 's/\./\\./g')\": *\"\([^\"]*\)\".*/\1/p" | base64 -d; }
mint() {
  value "$CMS_SECRET" tc.cms.key-store-password > "$work/cms-password"
  java -jar /app/application.jar token --data-dir /var/lib/tc/cms-data --ttl 1h --subject "helm-$1" \
    --key-store-password-file "$work/cms-password" --permission "$2"
}

secret() {
  has "$1" "$2" && return
  case "$3" in
    aes256) head -c 32 /dev/urandom | base64 -w0 > "$work/secret" ;;
    *) head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=' | head -c 40 > "$work/secret" ;;
  esac
  store "$1" "$2" "$work/secret"
}
wait_for() { until curl -fsS -o /dev/null "$@"; do echo "bootstrap: waiting for $*"; sleep 5; done; }

trust() {
  wait_for "$CMS_URL/cms/v1/ca-certificates"
  curl -fsS -H 'Accept: application/x-pem-file' "$CMS_URL/cms/v1/ca-certificates?issuingCa=root" -o "$work/cms-root.pem"
  if has "$TRUST_SECRET" cms-root.pem; then
    k8s "$api/$TRUST_SECRET" | sed -n 's/.*"cms-root.pem": *"\([^"]*\)".*/\1/p' | base64 -d > "$work/pinned.pem"
    cmp -s "$work/pinned.pem" "$work/cms-root.pem" || { echo "bootstrap: CMS root changed; refusing" >&2; exit 1; }
    return
  fi
  keytool -importkeystore -noprompt -srckeystore "$JAVA_HOME/lib/security/cacerts" -srcstorepass changeit \
    -destkeystore "$work/truststore.p12" -deststoretype PKCS12 -deststorepass changeit >"$work/keytool.log" 2>&1 \
    || { cat "$work/keytool.log" >&2; exit 1; }
  keytool -importcert -noprompt -alias trusted-compute-cms-root -file "$work/cms-root.pem" \
    -keystore "$work/truststore.p12" -storepass changeit >/dev/null
  store "$TRUST_SECRET" truststore.p12 "$work/truststore.p12"
  store "$TRUST_SECRET" cms-root.pem "$work/cms-root.pem"
}

keystore() {
  service="$1" type="$2" cn="$3" file="$4" password="$(value "$5" "$6")"
  shift 6
  has "$PREFIX-$service-bootstrap" "$file" && return
  ks="$work/$service-$file" ext="" sans=""
  for san in "$@"; do ext="$ext,dns:$san"; sans="$sans,$san"; done
  set -- -alias identity -keystore "$ks" -storetype PKCS12 -storepass "$password"
  [ -n "$ext" ] && set -- "$@" -ext "SAN=${ext#,}"
  keytool -genkeypair -keyalg EC -groupname secp384r1 -sigalg SHA384withECDSA -dname "CN=$cn" -validity 1 "$@"
  keytool -certreq "$@" | sed 's/NEW CERTIFICATE REQUEST/CERTIFICATE REQUEST/' > "$work/csr.pem"
  selector="CN=$cn;certType=$type"
  [ -n "$sans" ] && selector="CN=$cn;SAN=${sans#,};certType=$type"
  token="$(mint "$service" "CMS:certificates:create:$selector")"
  curl -fsS -X POST "$CMS_URL/cms/v1/certificates?certType=$type" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-pem-file' -H 'Accept: application/x-pem-file' --data-binary "@$work/csr.pem" \
    -o "$work/chain.pem"
  keytool -importcert -noprompt -alias cms-root -file "$work/cms-root.pem" -keystore "$ks" -storepass "$password"
  keytool -importcert -noprompt -alias identity -file "$work/chain.pem" -keystore "$ks" -storepass "$password"
  store "$PREFIX-$service-bootstrap" "$file" "$ks"
}

token() {
  has "$PREFIX-$1-bootstrap" "$2" && return
  mint "$1" "$3" > "$work/token"
  store "$PREFIX-$1-bootstrap" "$2" "$work/token"
}

account() {
  username="$1" password="$(value "$2" "$3")" service="$4" role="$5"
  shift 5
  ca="$work/cms-root.pem"
  wait_for --cacert "$ca" "$AAS_URL/aas/v1/jwks"
  admin="$(curl -fsS --cacert "$ca" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$(value "$AAS_SECRET" tc.aas.admin.password)\"}" "$AAS_URL/aas/v1/token")"
  call() { curl -fsS --cacert "$ca" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
  field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
  call "$AAS_URL/aas/v1/users?name=$username" | grep -q '"user_id"' && return
  rules="$(printf '"%s",' "$@" | sed 's/,$//')"
  role_id="$(call "$AAS_URL/aas/v1/roles?service=$service&name=$role" | field role_id | head -n 1)"
  [ -n "$role_id" ] || role_id="$(call -d "{\"service\":\"$service\",\"name\":\"$role\",\"permissions\":[$rules]}" \
    "$AAS_URL/aas/v1/roles" | field role_id)"
  user_id="$(call -d "{\"username\":\"$username\",\"password\":\"$password\"}" "$AAS_URL/aas/v1/users" | field user_id)"
  call -d "{\"role_ids\":[\"$role_id\"]}" "$AAS_URL/aas/v1/users/$user_id/roles" >/dev/null
  echo "bootstrap: AAS account $username ($service $role)"
}

while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  eval "set -- $line"
  step="$1"
  shift
  "$step" "$@"
done < "$plan"
echo "bootstrap: done"

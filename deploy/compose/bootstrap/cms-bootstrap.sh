#!/bin/sh
# One-shot after CMS is healthy (CMS image, as the service user): pins the CMS root, builds the JVM trust store
# every service uses for HTTPS between services, and mints fresh single-use bootstrap tokens with the CMS jar's
# `token` command (short-lived: a service that already holds its certificate ignores its token).
set -eu
cms=http://cms:8445
out=/run/tc
trust="$out/trust"
mkdir -p "$trust"

curl -fsS --retry 5 --retry-connrefused -H 'Accept: application/x-pem-file' \
  "$cms/cms/v1/ca-certificates?issuingCa=root" -o "$trust/cms-root.pem.new"
if [ -s "$trust/cms-root.pem" ] && ! cmp -s "$trust/cms-root.pem" "$trust/cms-root.pem.new"; then
  echo "cms-bootstrap: the CMS root differs from the pinned one in $trust/cms-root.pem; refusing" >&2
  exit 1
fi
mv "$trust/cms-root.pem.new" "$trust/cms-root.pem"
root_sha384="$(sed -n '/-BEGIN CERTIFICATE-/,/-END CERTIFICATE-/p' "$trust/cms-root.pem" | grep -v -- '-----' \
  | base64 -d | sha384sum | cut -d' ' -f1)"

# JRE CAs plus the CMS root; the trust store is public data, its password only satisfies the format
rm -f "$trust/truststore.p12.new"
keytool -importkeystore -noprompt -srckeystore "$JAVA_HOME/lib/security/cacerts" -srcstorepass changeit \
  -destkeystore "$trust/truststore.p12.new" -deststoretype PKCS12 -deststorepass changeit >/tmp/keytool.log 2>&1 \
  || { cat /tmp/keytool.log >&2; exit 1; }
keytool -importcert -noprompt -alias trusted-compute-cms-root -file "$trust/cms-root.pem" \
  -keystore "$trust/truststore.p12.new" -storepass changeit >/dev/null
mv "$trust/truststore.p12.new" "$trust/truststore.p12"

# put <service> <name> <value>
put() {
  mkdir -p "$out/$1"
  printf %s "$3" > "$out/$1/$2.new" && mv "$out/$1/$2.new" "$out/$1/$2"
}

# token <service> <name> <permission>
token() {
  value="$(java -jar /app/application.jar token --data-dir /var/lib/tc/cms-data \
    --key-store-password-file "$out/cms/tc.cms.key-store-password" --subject "compose-$1" --ttl 2h \
    --permission "$3")"
  put "$1" "$2" "$value"
}

# tls <service>: TLS server certificate for <service> (CN and SANs as the service asks for them)
tls() {
  token "$1" tc.identity.bootstrap-token "CMS:certificates:create:CN=$1;SAN=$1,localhost;certType=TLS"
  put "$1" tc.identity.cms-root-sha384 "$root_sha384"
}

tls aas
tls hvs
tls rvps
tls kbs
tls attestation-manager
token aas tc.aas.bootstrap-token "CMS:certificates:create:CN=AAS JWT Signing Certificate;certType=Signing"
token hvs tc.hvs.signing.bootstrap-token "CMS:certificates:create:CN=HVS Report Signing;certType=Signing"
echo "cms-bootstrap: root SHA-384 $root_sha384; trust store and bootstrap tokens written"

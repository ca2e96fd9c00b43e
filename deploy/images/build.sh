#!/usr/bin/env bash
# Builds the container images listed in images.tsv (needs Docker with BuildKit and a JDK >= 21 for Maven).
#
#   deploy/images/build.sh                         # package every module, build every image
#   deploy/images/build.sh cms aas                 # only these images
#   SKIP_MAVEN=1 deploy/images/build.sh            # reuse the jars already in services/*/target
#   REGISTRY=registry.example.com/tc TAG=1.0 PUSH=1 deploy/images/build.sh
#
# Images are named ${REGISTRY:-trustedcompute}/<image>:${TAG:-<project version>}. The build context is the
# repository root; a service image gets its module's layered jar as JAR_FILE
# (<module>/target/<module dir name>-<version>.jar) and its port as PORT.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
catalogue="$root/deploy/images/images.tsv"
cd "$root"

command -v docker >/dev/null || { echo "build.sh: docker is not installed" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "build.sh: no Docker engine answers (docker info failed)" >&2; exit 2; }

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)"
registry="${REGISTRY:-trustedcompute}"
tag="${TAG:-$version}"

wanted=("$@")
selected() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local w
  for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

if [ -z "${SKIP_MAVEN:-}" ]; then
  . scripts/java-env.sh
  ./mvnw -q -DskipTests package -pl "$(awk '!/^#/ && NF && $2 != "-" {printf "%s%s", sep, $2; sep=","}' "$catalogue")" -am
fi

built=0
while read -r image module dockerfile port; do
  case "$image" in ''|'#'*) continue ;; esac
  selected "$image" || continue
  args=(--file "deploy/images/$dockerfile" --tag "$registry/$image:$tag" --label "org.opencontainers.image.version=$version")
  if [ "$module" != "-" ]; then
    jar="$module/target/$(basename "$module")-$version.jar"
    [ -f "$jar" ] || { echo "build.sh: $jar is missing (run without SKIP_MAVEN)" >&2; exit 1; }
    args+=(--build-arg "JAR_FILE=$jar")
  fi
  [ "$port" != "-" ] && args+=(--build-arg "PORT=$port")
  echo "== $registry/$image:$tag"
  DOCKER_BUILDKIT=1 docker build "${args[@]}" .
  [ -n "${PUSH:-}" ] && docker push "$registry/$image:$tag"
  built=$((built + 1))
done < "$catalogue"

[ "$built" -gt 0 ] || { echo "build.sh: no image matched: ${wanted[*]}" >&2; exit 1; }
echo "built $built image(s) as $registry/<image>:$tag"

# syntax=docker/dockerfile:1
# Image of a Spring Boot service (cms, aas, hvs, rvps, kbs, attestation-manager). Built by build.sh from the
# repository root after `./mvnw package`: the jar is the module's repackaged (layered) jar.
#   docker build -f deploy/images/service.Dockerfile --build-arg JAR_FILE=services/cms/target/cms-0.1.0-SNAPSHOT.jar \
#     --build-arg PORT=8445 -t trustedcompute/cms:0.1.0-SNAPSHOT .

ARG JRE_IMAGE=eclipse-temurin:21-jre-noble

# Stage 1: split the jar into Spring Boot's layers (dependencies change rarely, the application often).
FROM ${JRE_IMAGE} AS layers
ARG JAR_FILE
WORKDIR /build
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# Stage 2: the runtime. A JRE only (no JDK, no Maven); the base ships curl, used by the health check.
FROM ${JRE_IMAGE}
ARG PORT
ARG UID=10001
RUN groupadd --system --gid ${UID} tc \
 && useradd --system --uid ${UID} --gid tc --home-dir /var/lib/tc --create-home --shell /usr/sbin/nologin tc
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# Actuator (health, Prometheus) on its own plain-HTTP port: probes and the health check work whether or not
# the service port serves TLS with its CMS-issued certificate (the management server would inherit it otherwise).
ENV MANAGEMENT_SERVER_PORT=9000 \
    MANAGEMENT_SERVER_SSL_ENABLED=false \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER ${UID}:${UID}
WORKDIR /var/lib/tc
EXPOSE ${PORT} 9000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9000/actuator/health/readiness"]
ENTRYPOINT ["java", "-jar", "/app/application.jar"]

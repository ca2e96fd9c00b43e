# syntax=docker/dockerfile:1
# Image of the trust agent (node daemon and CLI). TPM access needs nothing but the JRE: TSS.Java talks to the
# kernel's resource manager (/dev/tpmrm0, passed in as a device) or to swtpm over TCP. No tpm2-tools, no shell
# tools beyond the base image's.
#   docker build -f deploy/images/trust-agent.Dockerfile \
#     --build-arg JAR_FILE=services/trust-agent/target/trust-agent-0.1.0-SNAPSHOT.jar -t trustedcompute/trust-agent .

ARG JRE_IMAGE=eclipse-temurin:21-jre-noble

FROM ${JRE_IMAGE} AS layers
ARG JAR_FILE
WORKDIR /build
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM ${JRE_IMAGE}
ARG UID=10001
# The TPM device belongs to the host's tss group: give the container that group (compose group_add,
# Kubernetes supplementalGroups), never root.
RUN groupadd --system --gid ${UID} tc \
 && useradd --system --uid ${UID} --gid tc --home-dir /var/lib/trust-agent --create-home --shell /usr/sbin/nologin tc
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
ENV TC_AGENT_STATE_DIR=/var/lib/trust-agent \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER ${UID}:${UID}
VOLUME /var/lib/trust-agent
# The daemon's loopback health endpoint (`run --health-port`, default 8448); the agent has no inbound port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8448/health"]
ENTRYPOINT ["java", "-jar", "/app/application.jar"]
CMD ["run"]

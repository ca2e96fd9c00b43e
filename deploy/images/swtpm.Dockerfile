# syntax=docker/dockerfile:1
# Lab only: a software TPM 2.0 (swtpm, from Debian) for the compose trust agent. Never used with real nodes.
# State (EK, persistent AK) lives in /var/lib/swtpm; it is manufactured with EK certificates on first start.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends swtpm swtpm-tools \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 tc \
 && useradd --system --uid 10001 --gid tc --home-dir /var/lib/swtpm --create-home --shell /usr/sbin/nologin tc \
 && install -d -o tc -g tc -m 0750 /var/lib/swtpm-localca
COPY --chmod=0755 deploy/images/swtpm-entrypoint.sh /usr/local/bin/swtpm-entrypoint
USER 10001:10001
VOLUME /var/lib/swtpm
EXPOSE 2321 2322
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["swtpm_ioctl", "--tcp", "127.0.0.1:2322", "-g"]
ENTRYPOINT ["/usr/local/bin/swtpm-entrypoint"]

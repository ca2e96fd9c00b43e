package dev.trustedcompute.attestationmanager.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Attestation manager settings ({@code tc.am.*}, env {@code TC_AM_*}).
 *
 * @param pollDuration          minutes between evidence pushes of every agent (Helm value {@code pollDuration},
 *                              default 60). Seeds the stored policy on first start; a changed value at a later
 *                              start replaces the stored one (the operator changed it), otherwise the API's
 *                              value stands. A node without a valid report for 2 x pollDuration goes stale.
 * @param cmsRootFile           PEM of the CMS root CA that HVS's report-signing chain must end in. Either this,
 *                              or {@code cmsBaseUrl} together with {@code cmsRootSha384}.
 * @param cmsBaseUrl            CMS ({@code http(s)://cms:8445}) to fetch the root from at start-up
 *                              ({@code GET /cms/v1/ca-certificates}) when no file is given.
 * @param cmsRootSha384         hex SHA-384 of the root certificate's DER (colons allowed): the fetched root is
 *                              accepted only if it matches, so a spoofed CMS cannot plant its own root.
 * @param requireDiskEncryption a node whose agent reports an unencrypted root file system fails attestation
 *                              with reason {@code disk-not-encrypted} (default true).
 * @param staleCheckInterval    how often nodes are checked for missing reports (default 1 minute).
 * @param instanceId            names this instance in decisions and logs (default: a random id per start).
 */
@Validated
@ConfigurationProperties("tc.am")
public record ManagerProperties(
        @Min(1) @Max(10080) @DefaultValue("60") int pollDuration,
        Path cmsRootFile,
        URI cmsBaseUrl,
        String cmsRootSha384,
        @DefaultValue("true") boolean requireDiskEncryption,
        @NotNull @DefaultValue("1m") Duration staleCheckInterval,
        String instanceId,
        @NotNull @Valid @DefaultValue Nats nats,
        @NotNull @Valid @DefaultValue Hvs hvs,
        @NotNull @Valid @DefaultValue Inventory inventory,
        @NotNull @Valid @DefaultValue Kubernetes kubernetes,
        @NotNull @Valid @DefaultValue Outbox outbox) {

    /**
     * NATS and the JetStream report stream.
     *
     * @param url           NATS server(s), comma-separated.
     * @param subjectPrefix prefix of every contract subject (empty in production; isolates test runs).
     * @param reportStream  the stream HVS publishes reports to (created with the contract's subjects if absent).
     * @param durable       the durable consumer every manager instance shares: each report goes to one of them.
     * @param ackWait       a report not acknowledged within this time is redelivered (to any instance).
     * @param credentialsFile the manager's NATS {@code .creds} file (user JWT + nkey seed) for an operator-mode
     *                      NATS with per-host agent accounts; none for a NATS without authentication.
     */
    public record Nats(
            @NotBlank @DefaultValue("nats://127.0.0.1:4222") String url,
            @NotNull @DefaultValue("") String subjectPrefix,
            @NotBlank @DefaultValue("HVS_REPORTS") String reportStream,
            @NotBlank @DefaultValue("attestation-manager") String durable,
            @NotNull @DefaultValue("30s") Duration ackWait,
            java.nio.file.Path credentialsFile) {
    }

    /**
     * HVS and the AAS service account the manager calls it with.
     *
     * @param baseUrl            HVS ({@code http(s)://hvs:8443}); onboarding and re-attest need it.
     * @param aasBaseUrl         AAS ({@code http(s)://aas:8444}) issuing the manager's token.
     * @param username           AAS service account (needs HVS flavors:create and reports:create).
     * @param password           its password (env {@code TC_AM_HVS_PASSWORD}; never logged).
     * @param timeout            per HTTP call.
     * @param flavorGroups       flavor groups the golden flavors go to (default {@code automatic}).
     * @param partialFlavorTypes flavor parts created from a node's evidence (default PLATFORM, OS).
     */
    public record Hvs(
            URI baseUrl,
            URI aasBaseUrl,
            String username,
            String password,
            @NotNull @DefaultValue("30s") Duration timeout,
            @NotEmpty @DefaultValue("automatic") List<String> flavorGroups,
            @NotEmpty @DefaultValue({"PLATFORM", "OS"}) List<String> partialFlavorTypes) {

        @Override
        public String toString() {
            return "Hvs[baseUrl=" + baseUrl + ", aasBaseUrl=" + aasBaseUrl + ", username=" + username
                    + ", password=" + (password == null ? "<unset>" : "***") + "]";
        }
    }

    /**
     * The Edge Infrastructure Manager endpoint that hears every status change.
     *
     * @param baseUrl updates go to {@code POST <baseUrl>/attestation-status}; unset = no inventory updates.
     * @param token   bearer token for that endpoint (env {@code TC_AM_INVENTORY_TOKEN}; never logged).
     * @param timeout per HTTP call.
     */
    public record Inventory(URI baseUrl, String token, @NotNull @DefaultValue("10s") Duration timeout) {
        @Override
        public String toString() {
            return "Inventory[baseUrl=" + baseUrl + ", token=" + (token == null ? "<unset>" : "***") + "]";
        }
    }

    /**
     * How nodes are fenced.
     *
     * @param mode        {@code AUTO}: {@code kubeconfig} when set, else in-cluster config when running in a pod,
     *                    else {@code KUBECONFIG} or {@code ~/.kube/config} when one exists, else log the action;
     *                    {@code LOG}: never call an API server, only log what would be done.
     * @param kubeconfig  kubeconfig file to use (its current context).
     * @param taintKey    key of the {@code NoSchedule} taint put on failed nodes.
     * @param statusLabel label carrying the node's attestation status.
     */
    public record Kubernetes(
            @NotNull @DefaultValue("AUTO") Mode mode,
            Path kubeconfig,
            @NotBlank @DefaultValue("trustedcompute.dev/attestation-failed") String taintKey,
            @NotBlank @DefaultValue("trustedcompute.dev/attestation-status") String statusLabel) {

        public enum Mode { AUTO, LOG }
    }

    /**
     * Delivery of queued reactions (Kubernetes, inventory).
     *
     * @param pollInterval   how often due entries are looked for.
     * @param initialBackoff wait after the first failed attempt; doubles per attempt.
     * @param maxBackoff     upper bound of the wait between attempts.
     */
    public record Outbox(
            @NotNull @DefaultValue("1s") Duration pollInterval,
            @NotNull @DefaultValue("2s") Duration initialBackoff,
            @NotNull @DefaultValue("5m") Duration maxBackoff) {
    }
}

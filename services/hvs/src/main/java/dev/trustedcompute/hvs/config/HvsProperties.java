package dev.trustedcompute.hvs.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HVS settings ({@code tc.hvs.*}, env {@code TC_HVS_*}).
 *
 * @param nonceTtl       how long a nonce HVS issued (for a quote request or an agent's evidence push) stays
 *                       usable; each nonce is accepted once.
 * @param challengeTtl   how long an onboarding credential challenge may be answered (once).
 * @param reportValidity lifetime of a trust report ({@code exp} of its JWT); hosts are re-verified before it ends.
 * @param nats           the NATS connection, subjects and agent credentials.
 * @param quote          what HVS asks agents to quote.
 * @param queue          the verification queue's workers.
 * @param onboarding     AK onboarding rules.
 * @param signing        the trust report signing key.
 */
@Validated
@ConfigurationProperties("tc.hvs")
public record HvsProperties(
        @NotNull @DefaultValue("5m") Duration nonceTtl,
        @NotNull @DefaultValue("5m") Duration challengeTtl,
        @NotNull @DefaultValue("24h") Duration reportValidity,
        @Valid @NotNull @DefaultValue Nats nats,
        @Valid @NotNull @DefaultValue Quote quote,
        @Valid @NotNull @DefaultValue Queue queue,
        @Valid @NotNull @DefaultValue Onboarding onboarding,
        @Valid @NotNull @DefaultValue Signing signing) {

    /**
     * @param url                      NATS server(s), comma-separated
     * @param subjectPrefix            prefix of every subject (empty in production; isolates test runs)
     * @param credentialsFile          HVS's own {@code .creds} file; when unset and an account signing seed is
     *                                 configured, HVS issues its own user JWT with that key
     * @param accountSigningSeed       secret: seed ({@code SA...}) of the NATS account (signing) key HVS signs
     *                                 agents' user JWTs with; without it onboarding returns no NATS credentials
     * @param accountPublicKey         the account's public key ({@code A...}) when the seed is a separate
     *                                 signing key of that account; defaults to the seed's own public key
     * @param agentCredentialsValidity lifetime of agents' user JWTs (re-onboard to renew)
     * @param reportStream             JetStream stream capturing {@code hvs.reports.>} (created when absent)
     * @param handlerThreads           agents' nonce and evidence requests served at once (each waits on
     *                                 PostgreSQL, so more than the cores)
     * @param handlerBacklog           requests waiting for a handler thread; beyond it the NATS dispatcher serves
     *                                 the request itself, which stops it taking more (back-pressure)
     */
    public record Nats(
            @NotNull @DefaultValue("nats://127.0.0.1:4222") String url,
            @NotNull @DefaultValue("") String subjectPrefix,
            Path credentialsFile,
            String accountSigningSeed,
            String accountPublicKey,
            @NotNull @DefaultValue("365d") Duration agentCredentialsValidity,
            @NotBlank @DefaultValue("HVS_REPORTS") String reportStream,
            @Min(1) @Max(256) @DefaultValue("8") int handlerThreads,
            @Min(1) @DefaultValue("1000") int handlerBacklog) {

        /** Never prints the seed. */
        @Override
        public String toString() {
            return "Nats[url=" + url + ", subjectPrefix=" + subjectPrefix + ", credentialsFile=" + credentialsFile
                    + ", accountSigningSeed=" + (accountSigningSeed == null ? "<unset>" : "***")
                    + ", accountPublicKey=" + accountPublicKey + ", reportStream=" + reportStream
                    + ", handlerThreads=" + handlerThreads + ", handlerBacklog=" + handlerBacklog + "]";
        }
    }

    /**
     * @param bank    PCR bank quoted ({@code sha1}, {@code sha256}, {@code sha384}, {@code sha512}); all 24 PCRs
     *                of it are quoted, so every flavor template can be evaluated from one quote
     * @param timeout how long HVS waits for an agent's quote reply
     */
    public record Quote(
            @NotBlank @DefaultValue("sha256") String bank,
            @NotNull @DefaultValue("30s") Duration timeout) {
    }

    /**
     * @param workers       jobs one HVS instance runs at a time
     * @param pollInterval  how often idle workers look for jobs (they are woken at once for jobs this instance
     *                      queues; the poll finds those of other instances and retries that fell due)
     * @param claimBatch    jobs a worker claims in one statement and then runs one after the other
     * @param lease         how long a claimed job stays invisible to other workers; a worker that dies loses it
     *                      after this time and another instance takes over
     * @param maxAttempts   attempts before a job is given up (FAILED)
     * @param retryBackoff  delay before the next attempt, doubled after each failure
     * @param refreshAhead  hosts are re-verified when their latest report expires within this time
     * @param refreshCheck  how often the refresh looks for such hosts
     * @param keepFinished  finished jobs are deleted after this time
     */
    public record Queue(
            @Min(1) @Max(64) @DefaultValue("4") int workers,
            @NotNull @DefaultValue("1s") Duration pollInterval,
            @Min(1) @Max(100) @DefaultValue("4") int claimBatch,
            @NotNull @DefaultValue("2m") Duration lease,
            @Min(1) @DefaultValue("5") int maxAttempts,
            @NotNull @DefaultValue("15s") Duration retryBackoff,
            @NotNull @DefaultValue("1h") Duration refreshAhead,
            @NotNull @DefaultValue("1m") Duration refreshCheck,
            @NotNull @DefaultValue("7d") Duration keepFinished) {
    }

    /**
     * @param requireEkCertificate refuse onboarding without an EK certificate (chained to an endorsement CA)
     */
    public record Onboarding(@DefaultValue("false") boolean requireEkCertificate) {
    }

    /**
     * @param keyStore         PKCS#12 file holding the report signing key and its chain
     * @param keyStorePassword secret protecting that file (at least 12 characters); required
     * @param bootstrapToken   single-use CMS token for enrolling the signing certificate (only with
     *                         {@code tc.identity.cms-url}); without CMS HVS generates a self-signed key
     * @param commonName       subject CN of the signing certificate
     */
    public record Signing(
            @NotNull @DefaultValue("hvs-data/report-signing.p12") Path keyStore,
            String keyStorePassword,
            String bootstrapToken,
            @NotBlank @DefaultValue("HVS Report Signing") String commonName) {

        /** Never prints secrets. */
        @Override
        public String toString() {
            return "Signing[keyStore=" + keyStore + ", keyStorePassword=" + (keyStorePassword == null ? "<unset>" : "***")
                    + ", bootstrapToken=" + (bootstrapToken == null ? "<unset>" : "***") + ", commonName=" + commonName + "]";
        }
    }

    /** Never prints secrets (the nested records mask theirs). */
    @Override
    public String toString() {
        return "HvsProperties[nonceTtl=" + nonceTtl + ", challengeTtl=" + challengeTtl + ", reportValidity="
                + reportValidity + ", " + nats + ", " + quote + ", " + queue + ", " + onboarding + ", " + signing + "]";
    }
}

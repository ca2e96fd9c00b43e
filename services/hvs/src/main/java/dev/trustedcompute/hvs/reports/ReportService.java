package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.AfterCommit;
import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.ConnectionState;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.nats.AgentUnavailableException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Issues (signs, stores, then publishes) and finds trust reports. */
@Service
public class ReportService {

    /** Published after the report's transaction committed; the publisher then puts it on JetStream. */
    public record ReportIssued(UUID reportId) {
    }

    private final Attestation attestation;
    private final ReportSigner signer;
    private final ReportRepository reports;
    private final LastEvidenceRepository lastEvidence;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final TimeOrderedIds ids;
    private final Clock clock;
    private final Duration validity;

    public ReportService(Attestation attestation, ReportSigner signer, ReportRepository reports,
                         LastEvidenceRepository lastEvidence, TransactionTemplate tx,
                         ApplicationEventPublisher events, TimeOrderedIds ids, Clock clock, HvsProperties properties) {
        this.attestation = attestation;
        this.signer = signer;
        this.reports = reports;
        this.lastEvidence = lastEvidence;
        this.tx = tx;
        this.events = events;
        this.ids = ids;
        this.clock = clock;
        this.validity = properties.reportValidity();
    }

    /** Numbers, dates and signs a report about {@code host}; {@link #store} stores it. */
    public PreparedReport prepare(Host host, Judgement judgement) {
        UUID id = ids.next();
        Instant now = clock.instant();
        SignedReport signed = signer.sign(id, host, judgement.content(), now, now.plus(validity));
        return new PreparedReport(new Report(id, host.id(), now, now.plus(validity), judgement.content().trusted(),
                signed.claimsJson(), signed.jwt()), judgement.verified());
    }

    /**
     * Stores {@code prepared} reports (one statement) and each host's newest verified evidence among them (one more),
     * in the caller's transaction if there is one; they are published once it commits.
     */
    public void store(List<PreparedReport> prepared) {
        if (prepared.isEmpty()) {
            return;
        }
        reports.insertAll(prepared.stream().map(PreparedReport::report).toList());
        Map<UUID, LastEvidenceRepository.Verified> newestPerHost = new LinkedHashMap<>();
        for (PreparedReport p : prepared) {
            if (p.verified() != null) {
                newestPerHost.put(p.report().hostId(), new LastEvidenceRepository.Verified(p.report().hostId(),
                        p.verified(), p.report().createdAt()));
            }
        }
        if (!newestPerHost.isEmpty()) {
            lastEvidence.saveAll(newestPerHost.values());
        }
        AfterCommit.run(() -> prepared.forEach(p -> events.publishEvent(new ReportIssued(p.report().id()))));
    }

    /**
     * Signs and stores a report about {@code host}.
     *
     * @param inTransaction runs with the new report's id in the transaction that stores it (for example to finish
     *                      the queue job that produced it); if it throws, no report is stored
     */
    public Report issue(Host host, Judgement judgement, Consumer<UUID> inTransaction) {
        PreparedReport prepared = prepare(host, judgement);
        tx.executeWithoutResult(status -> {
            store(List.of(prepared));
            inTransaction.accept(prepared.report().id());
        });
        return prepared.report();
    }

    /** Attests {@code host} now with fresh evidence from its agent (waits at most the quote timeout). */
    public Report attestNow(Host host) {
        if (!host.onboarded()) {
            throw HvsError.HOST_NOT_ONBOARDED.exception("host " + host.id() + " has not onboarded its attestation key");
        }
        Judgement judgement;
        try {
            judgement = attestation.judge(host, new EvidenceSource.AskAgent());
        } catch (AgentUnavailableException e) {
            throw (e.state() == ConnectionState.UNREACHABLE ? HvsError.AGENT_UNREACHABLE : HvsError.AGENT_ERROR)
                    .exception(e.getMessage());
        }
        return issue(host, judgement, id -> {
        });
    }

    public Report get(UUID id) {
        return reports.find(id).orElseThrow(() -> HvsError.REPORT_NOT_FOUND.exception("no report " + id));
    }

    public List<Report> search(ReportFilter filter) {
        return reports.search(filter);
    }
}

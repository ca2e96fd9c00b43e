package dev.trustedcompute.attestationmanager.policy;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.attestationmanager.error.AmError;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/**
 * The poll policy: stored in PostgreSQL (shared by every instance), seeded and updated from
 * {@code tc.am.poll-duration}, changed through the API, and pushed to every known agent when it changes.
 */
public class PolicyService {
    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);
    static final String CONFIG = "config";

    private final PolicyRepository repository;
    private final NodeRepository nodes;
    private final AgentPolicyPublisher publisher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public PolicyService(PolicyRepository repository, NodeRepository nodes, AgentPolicyPublisher publisher,
                         TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.nodes = nodes;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * At start-up: the first start stores the configured value; a later start with a different configured value
     * (the operator changed the Helm value) applies it and pushes it; otherwise the stored value stands.
     */
    public void reconcile(int configuredMinutes) {
        Boolean changed = transactions.execute(status -> {
            var stored = repository.find();
            if (stored.isPresent() && stored.get().configuredMinutes() == configuredMinutes) {
                return false;
            }
            repository.save(new PollPolicy(configuredMinutes, CONFIG, clock.instant()), configuredMinutes);
            return stored.isPresent() && stored.get().policy().pollDurationMinutes() != configuredMinutes;
        });
        if (Boolean.TRUE.equals(changed)) {
            log.info("tc.am.poll-duration changed to {} min; pushing it to agents", configuredMinutes);
            publisher.publish(nodes.hostIds(), configuredMinutes);
        }
    }

    public PollPolicy current() {
        return repository.find().map(PolicyRepository.StoredPolicy::policy)
                .orElseThrow(() -> new IllegalStateException("poll policy not initialised"));
    }

    /** Sets the poll duration; pushes it to every known agent when it changed. */
    public PollPolicy set(int minutes, String actor) {
        if (minutes < 1 || minutes > PolicyUpdate.MAX_MINUTES) {
            throw new ServiceException(AmError.INVALID_POLL_DURATION, "pollDurationMinutes must be 1.." + PolicyUpdate.MAX_MINUTES);
        }
        Change change = transactions.execute(status -> {
            repository.lock();
            var stored = repository.find().orElseThrow(() -> new IllegalStateException("poll policy not initialised"));
            PollPolicy before = stored.policy();
            if (before.pollDurationMinutes() == minutes) {
                return new Change(before, before);
            }
            PollPolicy after = new PollPolicy(minutes, actor, clock.instant());
            repository.save(after, stored.configuredMinutes());
            return new Change(before, after);
        });
        if (change.before() == change.after()) {
            return change.after();
        }
        log.info("pollDuration changed from {} to {} min by {}", change.before().pollDurationMinutes(), minutes, actor);
        publisher.publish(nodes.hostIds(), minutes);
        return change.after();
    }

    private record Change(PollPolicy before, PollPolicy after) {
    }

    /** Pushes the current policy to the given agents (on onboarding and first sight). */
    public void pushTo(List<HostId> hosts) {
        publisher.publish(hosts, current().pollDurationMinutes());
    }
}

package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.hvs.rules.FlavorsChangedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.UUID;

/**
 * The triggers that are not a direct call: flavors changed (the flavor engine's {@link FlavorsChangedEvent}), and
 * the periodic refresh of hosts whose newest report is about to expire (or who have none).
 */
@Component
public class VerificationTriggers {

    private final VerificationQueue queue;

    public VerificationTriggers(VerificationQueue queue) {
        this.queue = queue;
    }

    /** Re-judges the affected hosts on their last verified evidence. */
    @EventListener
    public void onFlavorsChanged(FlavorsChangedEvent event) {
        flavorsChanged(event.hostIds());
    }

    /** For callers that change flavors or flavor group links without the event. */
    public void flavorsChanged(Collection<UUID> hostIds) {
        queue.enqueueAll(hostIds, Trigger.FLAVORS_CHANGED);
    }

    @Scheduled(fixedDelayString = "${tc.hvs.queue.refresh-check:PT1M}", initialDelayString = "${tc.hvs.queue.refresh-check:PT1M}")
    public void refreshExpiring() {
        queue.enqueueAll(queue.hostsDueForRefresh(), Trigger.REFRESH);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void purgeFinished() {
        queue.purgeFinished();
    }
}

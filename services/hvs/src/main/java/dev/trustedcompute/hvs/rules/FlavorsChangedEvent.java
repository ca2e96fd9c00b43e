package dev.trustedcompute.hvs.rules;

import java.util.Set;
import java.util.UUID;

/**
 * Published (Spring application event) inside the transaction that added flavors to or removed them from flavor
 * groups, or deleted a group: a plain {@code @EventListener} that queues work in PostgreSQL commits or rolls back
 * with the change. HVS queues a verification job for each of {@link #hostIds()} without fetching new evidence
 * (SecL's flavor-verify after flavor create/delete).
 *
 * @param flavorGroupIds the groups whose flavors changed
 * @param hostIds        the hosts linked to those groups at the time of the change
 */
public record FlavorsChangedEvent(Set<UUID> flavorGroupIds, Set<UUID> hostIds) {
    public FlavorsChangedEvent {
        flavorGroupIds = Set.copyOf(flavorGroupIds);
        hostIds = Set.copyOf(hostIds);
    }
}

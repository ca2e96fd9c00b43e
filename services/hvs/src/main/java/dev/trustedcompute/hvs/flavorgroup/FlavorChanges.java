package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.hosts.HostFlavorGroups;
import dev.trustedcompute.hvs.rules.FlavorsChangedEvent;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Announces changed flavor groups with the hosts linked to them, inside the changing transaction. */
@Component
public class FlavorChanges {

    private final HostFlavorGroups hostGroups;
    private final ApplicationEventPublisher events;

    public FlavorChanges(HostFlavorGroups hostGroups, ApplicationEventPublisher events) {
        this.hostGroups = hostGroups;
        this.events = events;
    }

    public void changed(Collection<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return;
        }
        events.publishEvent(new FlavorsChangedEvent(Set.copyOf(groupIds), hostGroups.hostIdsIn(groupIds)));
    }
}

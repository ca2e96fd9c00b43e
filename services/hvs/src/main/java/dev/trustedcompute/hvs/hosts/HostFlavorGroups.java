package dev.trustedcompute.hvs.hosts;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/** Which hosts are matched against which flavor groups (for the flavor engine and the verification queue). */
@Component
public class HostFlavorGroups {

    private final HostRepository hosts;

    public HostFlavorGroups(HostRepository hosts) {
        this.hosts = hosts;
    }

    /** The flavor groups host {@code hostId} is linked to. */
    public Set<UUID> groupIdsOf(UUID hostId) {
        return hosts.groupIdsOf(hostId);
    }

    /** The hosts linked to any of {@code groupIds}. */
    public Set<UUID> hostIdsIn(Collection<UUID> groupIds) {
        return hosts.hostIdsInGroups(Set.copyOf(groupIds));
    }
}

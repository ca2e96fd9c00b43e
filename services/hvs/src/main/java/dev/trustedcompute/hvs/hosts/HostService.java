package dev.trustedcompute.hvs.hosts;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.rules.FlavorsChangedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Registers, changes and removes hosts; checks every input before anything is written. */
@Service
public class HostService {

    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 1024;

    private final HostRepository hosts;
    private final FlavorGroupDirectory flavorGroups;
    private final TimeOrderedIds ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public HostService(HostRepository hosts, FlavorGroupDirectory flavorGroups, TimeOrderedIds ids,
                       ApplicationEventPublisher events, Clock clock) {
        this.hosts = hosts;
        this.flavorGroups = flavorGroups;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What a new host is made of.
     *
     * @param flavorGroupIds null or empty: the default groups ({@code automatic})
     */
    public record HostSpec(String name, String hostId, String hardwareUuid, String description,
                           Collection<UUID> flavorGroupIds) {
    }

    @Transactional
    public HostListing create(HostSpec spec) {
        Host host = newHost(checkName(spec.name()), checkHostId(spec.hostId()), checkHardwareUuid(spec.hardwareUuid()),
                checkDescription(spec.description()), spec.flavorGroupIds());
        return new HostListing(host, null);
    }

    /** The host with NATS id {@code hostId}, created with the default flavor groups when HVS does not know it. */
    @Transactional
    public Host findOrCreate(HostId hostId, String name, UUID hardwareUuid) {
        return hosts.findHostByNatsHostId(hostId)
                .orElseGet(() -> newHost(checkName(name), hostId, hardwareUuid, null, null));
    }

    private Host newHost(String name, HostId hostId, UUID hardwareUuid, String description, Collection<UUID> groups) {
        Set<UUID> groupIds = checkGroups(groups);
        if (hosts.nameTaken(name, null)) {
            throw HvsError.HOST_EXISTS.exception("a host named '" + name + "' exists");
        }
        if (hosts.findHostByNatsHostId(hostId).isPresent()) {
            throw HvsError.HOST_EXISTS.exception("a host with NATS host id '" + hostId + "' exists");
        }
        Instant now = clock.instant();
        Host host = new Host(ids.next(), name, hostId, hardwareUuid, description, groupIds, ConnectionState.UNKNOWN,
                null, null, now, now);
        try {
            hosts.insert(host);
        } catch (DuplicateKeyException e) {
            // a concurrent registration won the race for the name or NATS host id
            throw HvsError.HOST_EXISTS.exception("a host with this name or NATS host id exists");
        }
        return host;
    }

    public HostListing get(UUID id) {
        return hosts.find(id).orElseThrow(() -> notFound(id));
    }

    /** The host named by exactly one of HVS id, NATS host id and name. */
    public HostListing resolve(UUID hostUuid, String hostId, String name) {
        int given = (hostUuid != null ? 1 : 0) + (hostId != null ? 1 : 0) + (name != null ? 1 : 0);
        if (given != 1) {
            throw HvsError.INVALID_INPUT.exception("name the host by exactly one of hostUuid, hostId and hostName");
        }
        if (hostUuid != null) {
            return get(hostUuid);
        }
        if (hostId != null) {
            HostId natsHostId = checkHostId(hostId);
            return hosts.findByNatsHostId(natsHostId)
                    .orElseThrow(() -> HvsError.HOST_NOT_FOUND.exception("no host with NATS host id " + natsHostId));
        }
        checkText("hostName", name);
        return hosts.search(new HostFilter(name, null, null, null, null, 1, null)).stream().findFirst()
                .orElseThrow(() -> HvsError.HOST_NOT_FOUND.exception("no host named '" + name + "'"));
    }

    public List<HostListing> search(HostFilter filter) {
        checkText("nameEqualTo", filter.nameEqualTo());
        checkText("nameContains", filter.nameContains());
        return hosts.search(filter);
    }

    /**
     * Replaces name, description and flavor groups (null or empty groups: the default ones). A change of groups
     * re-verifies the host, as a change of the groups' flavors would ({@link FlavorsChangedEvent}).
     */
    @Transactional
    public HostListing update(UUID id, String name, String description, Collection<UUID> flavorGroupIds) {
        String checkedName = checkName(name);
        String checkedDescription = checkDescription(description);
        Set<UUID> groupIds = checkGroups(flavorGroupIds);
        Host current = hosts.findForUpdate(id).orElseThrow(() -> notFound(id));
        if (hosts.nameTaken(checkedName, id)) {
            throw HvsError.HOST_EXISTS.exception("a host named '" + checkedName + "' exists");
        }
        Host updated = new Host(current.id(), checkedName, current.natsHostId(), current.hardwareUuid(),
                checkedDescription, groupIds, current.connectionState(), current.lastContactAt(), current.pinnedAk(),
                current.createdAt(), clock.instant());
        try {
            hosts.update(updated);
        } catch (DuplicateKeyException e) {
            throw HvsError.HOST_EXISTS.exception("a host named '" + checkedName + "' exists");
        }
        if (!groupIds.equals(current.flavorGroupIds())) {
            // other flavors apply now: the host is judged again (in this transaction's queue write)
            Set<UUID> changed = new HashSet<>(groupIds);
            changed.addAll(current.flavorGroupIds());
            events.publishEvent(new FlavorsChangedEvent(changed, Set.of(id)));
        }
        return get(id);
    }

    @Transactional
    public void delete(UUID id) {
        if (!hosts.delete(id)) {
            throw notFound(id);
        }
    }

    private Set<UUID> checkGroups(Collection<UUID> groupIds) {
        if (groupIds == null || groupIds.isEmpty()) {
            return flavorGroups.defaultGroupIds();
        }
        if (groupIds.contains(null)) {
            throw HvsError.INVALID_INPUT.exception("flavorGroupIds: must not contain null");
        }
        Set<UUID> unknown = flavorGroups.unknown(groupIds);
        if (!unknown.isEmpty()) {
            throw HvsError.INVALID_INPUT.exception("flavorGroupIds: no flavor group " + unknown);
        }
        return Set.copyOf(groupIds);
    }

    static String checkName(String name) {
        checkText("name", name);
        if (name == null || name.isBlank() || name.length() > MAX_NAME || !name.strip().equals(name)) {
            throw HvsError.INVALID_INPUT.exception("name: 1-" + MAX_NAME
                    + " characters without leading or trailing spaces is required");
        }
        return name;
    }

    public static HostId checkHostId(String hostId) {
        try {
            return HostId.of(hostId);
        } catch (IllegalArgumentException e) {
            throw HvsError.INVALID_INPUT.exception(e.getMessage());
        }
    }

    public static UUID checkHardwareUuid(String hardwareUuid) {
        if (hardwareUuid == null || !hardwareUuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw HvsError.INVALID_INPUT.exception("hardwareUuid: a UUID (8-4-4-4-12 hex digits) is required");
        }
        return UUID.fromString(hardwareUuid);
    }

    private static String checkDescription(String description) {
        checkText("description", description);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw HvsError.INVALID_INPUT.exception("description: at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** PostgreSQL rejects U+0000 in text; that is the client's 400, not a 500. */
    private static void checkText(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw HvsError.INVALID_INPUT.exception(field + ": must not contain NUL characters");
        }
    }

    private static RuntimeException notFound(UUID id) {
        return HvsError.HOST_NOT_FOUND.exception("no host " + id);
    }
}

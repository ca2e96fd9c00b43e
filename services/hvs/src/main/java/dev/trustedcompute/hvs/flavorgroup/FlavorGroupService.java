package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.flavor.FlavorError;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorRepository;
import dev.trustedcompute.hvs.hosts.FlavorGroupDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Flavor groups: create, search, delete, and which flavors they hold. Changes are announced for re-verification. */
@Service
public class FlavorGroupService implements FlavorGroupDirectory {

    public static final int MAX_NAME = 255;

    private final FlavorGroupRepository groups;
    private final FlavorRepository flavors;
    private final FlavorChanges changes;
    private final TimeOrderedIds ids;
    private final Clock clock;

    public FlavorGroupService(FlavorGroupRepository groups, FlavorRepository flavors, FlavorChanges changes,
                              TimeOrderedIds ids, Clock clock) {
        this.groups = groups;
        this.flavors = flavors;
        this.changes = changes;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Set<UUID> defaultGroupIds() {
        return Set.of(FlavorGroupRepository.AUTOMATIC_ID);
    }

    @Override
    public Set<UUID> unknown(Collection<UUID> groupIds) {
        return groups.unknown(groupIds);
    }

    @Transactional
    public FlavorGroup create(String name, Map<FlavorPart, MatchPolicy> policies, boolean goldenAfterReboot) {
        if (policies == null || policies.isEmpty()) {
            throw FlavorError.INVALID_INPUT.exception("flavor_match_policy_collection: needs at least one policy");
        }
        FlavorGroup group = new FlavorGroup(ids.next(), checkName(name), policies, goldenAfterReboot);
        try {
            groups.insert(group, clock.instant());
        } catch (DuplicateKeyException e) {
            throw FlavorError.FLAVOR_GROUP_EXISTS.exception("a flavor group named '" + name + "' exists");
        }
        return group;
    }

    public List<FlavorGroup> search(FlavorGroupRepository.Filter filter) {
        return groups.search(filter);
    }

    public FlavorGroup get(UUID id) {
        return groups.find(id).orElseThrow(() -> notFound(id));
    }

    /** The groups named, in order; none named means {@code automatic}. Unknown names are a 400. */
    public List<UUID> resolve(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of(FlavorGroupRepository.AUTOMATIC_ID);
        }
        Set<UUID> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.indexOf('\u0000') >= 0) {
                throw FlavorError.INVALID_INPUT.exception("flavorgroup_names: must not hold null or NUL characters");
            }
            groups.findByName(name).ifPresentOrElse(g -> out.add(g.id()), () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw FlavorError.INVALID_INPUT.exception("flavorgroup_names: no flavor group " + unknown);
        }
        return List.copyOf(out);
    }

    /** Deletes a group (not {@code automatic}); its hosts are re-verified without it. */
    @Transactional
    public void delete(UUID id) {
        if (FlavorGroupRepository.AUTOMATIC_ID.equals(id)) {
            throw FlavorError.DEFAULT_FLAVOR_GROUP.exception("the 'automatic' flavor group cannot be deleted");
        }
        get(id);
        changes.changed(Set.of(id));
        groups.delete(id);
    }

    @Transactional
    public void linkFlavor(UUID groupId, UUID flavorId) {
        get(groupId);
        if (flavors.find(flavorId).isEmpty()) {
            throw FlavorError.FLAVOR_NOT_FOUND.exception("no flavor " + flavorId);
        }
        if (flavors.linkFlavor(groupId, flavorId)) {
            changes.changed(Set.of(groupId));
        }
    }

    @Transactional
    public void unlinkFlavor(UUID groupId, UUID flavorId) {
        if (!flavors.unlinkFlavor(groupId, flavorId)) {
            throw FlavorError.LINK_NOT_FOUND.exception("flavor " + flavorId + " is not in flavor group " + groupId);
        }
        changes.changed(Set.of(groupId));
    }

    public List<UUID> flavorIds(UUID groupId) {
        get(groupId);
        return flavors.flavorIds(groupId);
    }

    public void requireLink(UUID groupId, UUID flavorId) {
        if (!flavors.isLinked(groupId, flavorId)) {
            throw FlavorError.LINK_NOT_FOUND.exception("flavor " + flavorId + " is not in flavor group " + groupId);
        }
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw FlavorError.INVALID_INPUT.exception("name: is required");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw FlavorError.INVALID_INPUT.exception("name: 1.." + MAX_NAME + " characters without control characters");
        }
        return name;
    }

    private static RuntimeException notFound(UUID id) {
        return FlavorError.FLAVOR_GROUP_NOT_FOUND.exception("no flavor group " + id);
    }
}

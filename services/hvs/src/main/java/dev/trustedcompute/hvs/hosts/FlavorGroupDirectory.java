package dev.trustedcompute.hvs.hosts;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * What hosts need to know about flavor groups; implemented by the flavor group feature, which owns them.
 */
public interface FlavorGroupDirectory {

    /** The groups a host joins when it names none (Intel SecL: {@code automatic}). */
    Set<UUID> defaultGroupIds();

    /** Those of {@code ids} that name no flavor group. */
    Set<UUID> unknown(Collection<UUID> ids);
}

package dev.trustedcompute.hvs.hosts;

import dev.trustedcompute.agentprotocol.HostId;

import java.util.UUID;

/**
 * Host search criteria; null fields do not filter.
 *
 * @param trusted hosts whose newest report is (un)trusted; hosts without a report never match
 * @param limit   page size
 * @param afterId return hosts whose id sorts after this one (ids are time-ordered)
 */
public record HostFilter(String nameEqualTo, String nameContains, HostId hostId, UUID hardwareUuid, Boolean trusted,
                         int limit, UUID afterId) {
}

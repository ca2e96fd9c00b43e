package dev.trustedcompute.hvs.reports;

import java.time.Instant;
import java.util.UUID;

/**
 * Report search criteria; null fields do not filter.
 *
 * @param latestPerHost only each host's newest report (among those the other criteria select)
 * @param from          created at or after
 * @param to            created before
 * @param afterId       reports whose id sorts after this one (ids are time-ordered)
 */
public record ReportFilter(UUID hostId, boolean latestPerHost, Instant from, Instant to, int limit, UUID afterId) {
}

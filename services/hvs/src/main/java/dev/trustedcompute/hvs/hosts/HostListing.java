package dev.trustedcompute.hvs.hosts;

/** A host with its newest report (null when it has none yet). */
public record HostListing(Host host, LastReport lastReport) {
}

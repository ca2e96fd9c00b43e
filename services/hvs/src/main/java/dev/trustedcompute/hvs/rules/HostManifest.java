package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Fresh, verified evidence of one host: what {@link TrustEvaluator} judges and what flavors are made from.
 * The quotes are already verified (AK pinned to the host, signature, nonce, PCR digest); the event log is not
 * (the flavor engine replays it against {@link #quotes()}), and {@link #hostInfo()} is self-reported.
 *
 * @param hostId         the host record's id in HVS
 * @param natsHostId     the agent's NATS host id ({@code trust-agent.<hostId>.*})
 * @param flavorGroupIds the flavor groups the host is linked to (see {@code HostFlavorGroups#groupIdsOf})
 * @param quotes         verified quotes, each over one or more PCR banks, no bank in two of them, all from the
 *                       same TPM boot (same reset and restart counts); at least one (usually exactly one)
 * @param eventLog       the TCG event log bytes as the agent sent them; null when none was sent
 * @param hostInfo       what the agent says about the host (conditions of flavor templates, flavor metadata)
 */
public record HostManifest(UUID hostId, String natsHostId, Set<UUID> flavorGroupIds, List<QuotedPcrs> quotes,
                           byte[] eventLog, HostInfo hostInfo) {

    /**
     * The TPM's boot counters taken from the quotes' clock info.
     *
     * @param resetCount   TPM2_Startup(CLEAR) count: a different value than last time means the host rebooted
     * @param restartCount resumes from hibernation since the last reset (not a reboot)
     */
    public record TpmCounters(long resetCount, long restartCount) {
    }

    public HostManifest {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(natsHostId, "natsHostId");
        Objects.requireNonNull(hostInfo, "hostInfo");
        flavorGroupIds = Set.copyOf(flavorGroupIds);
        quotes = List.copyOf(quotes);
        if (quotes.isEmpty()) {
            throw new IllegalArgumentException("a host manifest needs at least one verified quote");
        }
        Set<TpmHash> banks = new HashSet<>();
        for (QuotedPcrs quote : quotes) {
            for (TpmHash bank : quote.banks()) {
                if (!banks.add(bank)) {
                    throw new IllegalArgumentException("two quotes of the " + bank.label() + " bank");
                }
            }
            if (!counters(quote).equals(counters(quotes.getFirst()))) {
                // quotes from different boots cannot be judged together: the caller must refuse such evidence
                throw new IllegalArgumentException("quotes come from different TPM boots: " + counters(quote)
                        + " and " + counters(quotes.getFirst()));
            }
        }
        eventLog = eventLog == null ? null : eventLog.clone();
    }

    /** A copy of the event log bytes; null when the agent sent none. */
    @Override
    public byte[] eventLog() {
        return eventLog == null ? null : eventLog.clone();
    }

    /** The TPM reset/restart counters of this evidence (reboot detection). */
    public TpmCounters counters() {
        return counters(quotes.getFirst());
    }

    /** The quote that covers {@code bank}, or null when that bank was not quoted. */
    public QuotedPcrs quote(TpmHash bank) {
        return quotes.stream().filter(q -> q.banks().contains(bank)).findFirst().orElse(null);
    }

    private static TpmCounters counters(QuotedPcrs quote) {
        return new TpmCounters(quote.clockInfo().resetCount(), quote.clockInfo().restartCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostManifest m && m.hostId.equals(hostId) && m.natsHostId.equals(natsHostId)
                && m.flavorGroupIds.equals(flavorGroupIds) && m.quotes.equals(quotes)
                && Arrays.equals(m.eventLog, eventLog) && m.hostInfo.equals(hostInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostId, natsHostId, flavorGroupIds, quotes, Arrays.hashCode(eventLog), hostInfo);
    }

    @Override
    public String toString() {
        return "HostManifest[host=" + hostId + ", nats=" + natsHostId + ", groups=" + flavorGroupIds + ", banks="
                + quotes.stream().flatMap(q -> q.banks().stream()).map(TpmHash::label).toList() + ", " + counters() + ", eventLog="
                + (eventLog == null ? "none" : eventLog.length + " bytes") + "]";
    }
}

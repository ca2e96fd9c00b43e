package dev.trustedcompute.attestationmanager.hvs;

import dev.trustedcompute.agentprotocol.HostId;

/** The two HVS calls the manager makes. One seam so HVS's REST shapes can move without touching the rest. */
public interface HvsClient {
    /** Has HVS create golden flavors for the node from its current evidence, or import a collection ({@code POST /hvs/v2/flavors}). */
    void createFlavors(FlavorRequest request) throws HvsException;

    /** Has HVS attest the node now ({@code POST /hvs/v2/reports}); the report arrives on the stream. */
    void requestReport(HostId host) throws HvsException;
}

package dev.trustedcompute.hvs.rules;

import java.util.UUID;

/**
 * Fresh evidence from a host, on demand: a quote over all PCRs with a new nonce, verified against the host's
 * pinned AK, plus event log and host info. Implemented by HVS's host connector (NATS request/reply); the flavor
 * engine uses it for {@code POST /hvs/v2/flavors} naming a host.
 */
public interface HostManifestSource {

    /**
     * @param hostId the host record's id
     * @return the host's verified evidence
     * @throws dev.trustedcompute.servicekit.error.ServiceException 404 for an unknown host, 409 when the host has
     *     no pinned AK yet, 502/504 when the agent failed or did not answer, 422 when its quote did not verify
     */
    HostManifest fetch(UUID hostId);
}

package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.attestationmanager.error.AmError;
import dev.trustedcompute.servicekit.error.ServiceException;

/** Host ids from request paths. */
public final class HostIds {
    private HostIds() {
    }

    public static HostId parse(String value) {
        try {
            return HostId.of(value);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AmError.INVALID_HOST_ID, e.getMessage());
        }
    }
}

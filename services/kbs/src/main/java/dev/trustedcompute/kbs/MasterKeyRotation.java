package dev.trustedcompute.kbs;

import dev.trustedcompute.kbs.ear.SigningKeys;
import dev.trustedcompute.kbs.resources.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Master key rotation: configure the new key beside the old one, name it active, restart. At start every sealed key
 * (per-resource keys, token signing keys) still under another master key is re-sealed under the active one; the old
 * key can be removed from the configuration afterwards.
 */
@Component
public class MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final ResourceStore resources;
    private final SigningKeys signingKeys;

    public MasterKeyRotation(ResourceStore resources, SigningKeys signingKeys) {
        this.resources = resources;
        this.signingKeys = signingKeys;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void rewrap() {
        int resourceKeys = resources.rewrapAll();
        int tokenKeys = signingKeys.rewrapAll();
        if (resourceKeys + tokenKeys > 0) {
            log.info("master key rotation: re-sealed {} resource keys and {} token signing keys", resourceKeys, tokenKeys);
        }
    }
}

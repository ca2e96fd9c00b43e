package dev.trustedcompute.cms.authority;

import java.util.List;

/**
 * Who asks, as far as the CA cares: a subject for the audit columns and the selectors of every
 * {@code CMS:certificates:create:<selector>} grant in the caller's token.
 */
public record Caller(String subject, List<String> createSelectors) {
    public Caller {
        createSelectors = List.copyOf(createSelectors);
    }
}

package dev.trustedcompute.testsupport.auth;

import java.util.List;

/** A permission claim in the Intel SecL shape: {@code {"service":"CMS","rules":["certificates:create:*"]}}. */
public record Permission(String service, List<String> rules) {

    public Permission {
        rules = List.copyOf(rules);
    }

    public static Permission of(String service, String... rules) {
        return new Permission(service, List.of(rules));
    }
}

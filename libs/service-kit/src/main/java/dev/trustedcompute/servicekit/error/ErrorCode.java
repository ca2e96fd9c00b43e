package dev.trustedcompute.servicekit.error;

import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * One entry of a service's error catalogue (implemented by an enum per service, e.g. {@code CmsError}).
 * Rendered as RFC 9457 problem details: {@link #type()} is the {@code type} URI, {@link #title()} the
 * {@code title}, and the thrower supplies the {@code detail}.
 */
public interface ErrorCode {

    String TYPE_BASE = "https://trustedcompute.dev/problems/";

    HttpStatus status();

    /** Stable, kebab-case code; the last segment of the problem type URI. */
    String code();

    /** Short human summary of the problem kind. */
    String title();

    default URI type() {
        return URI.create(TYPE_BASE + code());
    }
}

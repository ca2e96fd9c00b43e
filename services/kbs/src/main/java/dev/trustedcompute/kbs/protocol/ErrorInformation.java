package dev.trustedcompute.kbs.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Trustee's error body (kbs-types {@code ErrorInformation}): {@code {"type":...,"detail":...}}, in that order. */
@JsonPropertyOrder({"type", "detail"})
public record ErrorInformation(String type, String detail) {

    public static ErrorInformation of(TrusteeError error, String detail) {
        return new ErrorInformation(error.type(), detail);
    }
}

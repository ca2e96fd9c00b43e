package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.protocol.KbsError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A resource's {@code repository/type/tag} path. Each segment follows Trustee's rule
 * ({@code [A-Za-z0-9_-]+[A-Za-z0-9_.-]*}): no empty segments, no leading dot, so no {@code ..}.
 */
public record ResourcePath(String repository, String type, String tag) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]+[A-Za-z0-9_\\-.]*");
    private static final int MAX_SEGMENT = 128;

    public ResourcePath {
        for (String segment : List.of(repository, type, tag)) {
            if (segment == null || segment.length() > MAX_SEGMENT || !SEGMENT.matcher(segment).matches()) {
                throw KbsError.INVALID_RESOURCE_PATH.exception("Request path " + repository + "/" + type + "/" + tag
                        + " is invalid: each segment must match [A-Za-z0-9_-]+[A-Za-z0-9_.-]* (at most "
                        + MAX_SEGMENT + " characters)");
            }
        }
    }

    /** The storage key, as Trustee: {@code repo/type/tag}. */
    @Override
    public String toString() {
        return repository + "/" + type + "/" + tag;
    }

    public List<String> segments() {
        return List.of(repository, type, tag);
    }
}

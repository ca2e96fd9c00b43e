package dev.trustedcompute.aas.permissions;

import dev.trustedcompute.aas.InvalidInputException;
import java.util.regex.Pattern;

/** Service names in roles and permissions: upper-case tags like {@code AAS}, {@code HVS}, {@code TA}. */
public final class ServiceName {

    private static final Pattern SERVICE = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");

    private ServiceName() {
    }

    public static String check(String field, String service) throws InvalidInputException {
        if (service == null || service.isEmpty()) {
            throw new InvalidInputException(field, "is required");
        }
        if (!SERVICE.matcher(service).matches()) {
            throw new InvalidInputException(field,
                    "'" + service + "' must be an upper-case service tag like AAS or HVS ([A-Z][A-Z0-9_-]{0,31})");
        }
        return service;
    }
}

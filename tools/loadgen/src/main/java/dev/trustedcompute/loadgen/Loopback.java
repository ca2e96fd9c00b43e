package dev.trustedcompute.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** The drivers load only services on this machine: every target must resolve to a loopback address. */
public final class Loopback {
    private Loopback() {
    }

    /** {@code url} unchanged, or IllegalArgumentException when its host is not loopback. */
    public static String require(String url) {
        String host = URI.create(url).getHost();
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException(url + " is not a loopback address: the load drivers run on loopback only");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + url, e);
        }
        return url;
    }
}

package dev.trustedcompute.agentprotocol;

final class Replies {
    private Replies() {
    }

    static void exactlyOne(Object result, ProtocolError error) {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a reply holds exactly one of its result and 'error'");
        }
    }
}

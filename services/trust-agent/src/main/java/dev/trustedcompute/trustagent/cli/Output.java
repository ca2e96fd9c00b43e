package dev.trustedcompute.trustagent.cli;

import java.io.PrintWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON on the command's standard output: one document, pretty-printed, keys in a stable order. */
final class Output {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        out.println(JSON.writeValueAsString(value));
        out.flush();
    }
}

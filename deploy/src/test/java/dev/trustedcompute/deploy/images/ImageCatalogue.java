package dev.trustedcompute.deploy.images;

import dev.trustedcompute.deploy.repo.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code deploy/images/images.tsv}: the images build.sh builds, one line each. */
public final class ImageCatalogue {

    /**
     * @param image      image name
     * @param module     the Maven module whose jar it runs ({@code services/cms}), empty for lab-only images
     * @param dockerfile file name under deploy/images
     * @param port       the service port, empty when it has none
     */
    public record Entry(String image, Optional<String> module, String dockerfile, OptionalInt port) {
        /** {@code cms} for {@code services/cms}. */
        public Optional<String> serviceName() {
            return module.map(m -> m.substring(m.lastIndexOf('/') + 1));
        }
    }

    private ImageCatalogue() {
    }

    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (String line : Repository.read("deploy/images/images.tsv").split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] columns = trimmed.split("\\s+");
            if (columns.length != 4) {
                throw new IllegalStateException("images.tsv: expected 4 columns in '" + line + "'");
            }
            entries.add(new Entry(columns[0], dash(columns[1]), columns[2],
                    dash(columns[3]).map(p -> OptionalInt.of(Integer.parseInt(p))).orElse(OptionalInt.empty())));
        }
        return List.copyOf(entries);
    }

    private static Optional<String> dash(String column) {
        return column.equals("-") ? Optional.empty() : Optional.of(column);
    }
}

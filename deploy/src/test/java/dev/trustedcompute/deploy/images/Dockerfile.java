package dev.trustedcompute.deploy.images;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit's front end splits it: comments, parser directives and empty lines dropped,
 * lines joined at a trailing backslash (a file ending inside a continuation is refused), one instruction per logical line, stages starting at each {@code FROM}. Only what the
 * checks need: no variable expansion beyond global {@code ARG} defaults in {@code FROM} and {@code USER}.
 */
public record Dockerfile(List<Instruction> instructions, Map<String, String> globalArgs) {

    static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
            "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One instruction; {@code line} is where it starts (1-based). */
    public record Instruction(String keyword, String arguments, int line) {
        /** Exec (JSON array) form, as in {@code ["java", "-jar", "app.jar"]}. */
        public boolean execForm() {
            String text = arguments.strip();
            int start = text.indexOf('[');
            return start >= 0 && text.endsWith("]") && text.substring(0, start).strip().matches("(CMD|--\\S+\\s*)*");
        }
    }

    /** The instructions from one {@code FROM} (included) up to the next. */
    public record Stage(String baseImage, String name, List<Instruction> instructions) {
        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    public static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (pending.isEmpty()) {
                start = i + 1;
            }
            boolean continued = trimmed.endsWith("\\");
            pending.append(continued ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed).append(' ');
            if (!continued) {
                instructions.add(instruction(pending.toString().strip(), start));
                pending.setLength(0);
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("line " + start + ": the file ends inside a continued instruction");
        }
        if (instructions.isEmpty() || !firstNonArgIsFrom(instructions)) {
            throw new IllegalArgumentException("a Dockerfile must start with FROM (after global ARGs)");
        }
        Map<String, String> globals = new HashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                break;
            }
            String[] arg = instruction.arguments().split("=", 2);
            globals.put(arg[0].strip(), arg.length == 2 ? arg[1].strip() : "");
        }
        return new Dockerfile(List.copyOf(instructions), Map.copyOf(globals));
    }

    private static Instruction instruction(String logicalLine, int line) {
        String[] parts = logicalLine.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (!KEYWORDS.contains(keyword)) {
            throw new IllegalArgumentException("line " + line + ": unknown instruction " + parts[0]);
        }
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("line " + line + ": " + keyword + " without arguments");
        }
        return new Instruction(keyword, parts[1].strip(), line);
    }

    private static boolean firstNonArgIsFrom(List<Instruction> instructions) {
        return instructions.stream().filter(i -> !i.keyword().equals("ARG")).findFirst()
                .map(i -> i.keyword().equals("FROM")).orElse(false);
    }

    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String base = null;
        String name = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                if (current != null) {
                    stages.add(new Stage(base, name, List.copyOf(current)));
                }
                String[] words = instruction.arguments().split("\\s+");
                List<String> image = java.util.Arrays.stream(words).filter(w -> !w.startsWith("--")).toList();
                base = expand(image.getFirst(), globalArgs);
                name = image.size() == 3 && image.get(1).equalsIgnoreCase("AS") ? image.get(2) : null;
                current = new ArrayList<>();
            }
            if (current != null) {
                current.add(instruction);
            }
        }
        stages.add(new Stage(base, name, List.copyOf(current)));
        return stages;
    }

    public Stage finalStage() {
        return stages().getLast();
    }

    /** {@code ${NAME}} / {@code $NAME} replaced by the given values; unknown names stay as written. */
    public static String expand(String text, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            matcher.appendReplacement(result, Matcher.quoteReplacement(values.getOrDefault(name, matcher.group())));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Values of the stage's own {@code ARG name=default} lines. */
    public static Map<String, String> stageArgs(Stage stage) {
        Map<String, String> args = new HashMap<>();
        for (Instruction arg : stage.all("ARG")) {
            String[] pair = arg.arguments().split("=", 2);
            args.put(pair[0].strip(), pair.length == 2 ? pair[1].strip() : "");
        }
        return args;
    }
}

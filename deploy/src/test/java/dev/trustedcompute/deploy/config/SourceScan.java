package dev.trustedcompute.deploy.config;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a set of Java source trees binds or reads: properties of {@code @ConfigurationProperties} types (records
 * and JavaBean classes, nested types followed), {@code ${...}} placeholders in string literals, and
 * {@code System.getenv("...")} names.
 */
record SourceScan(Set<SettingName> properties, Set<String> environmentNames) {

    private static final Set<String> MAPS = Set.of("Map", "HashMap", "LinkedHashMap", "SortedMap", "TreeMap", "Properties");
    private static final Set<String> COLLECTIONS = Set.of("List", "Set", "Collection", "SortedSet", "Iterable");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env:)?([A-Za-z0-9_.\\-\\[\\]]+)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    static SourceScan of(Set<Path> roots) {
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);
        List<CompilationUnit> units = roots.stream().filter(Files::isDirectory).flatMap(SourceScan::javaFiles)
                .map(SourceScan::parse).toList();
        Map<String, TypeDeclaration<?>> types = new HashMap<>();
        units.forEach(unit -> unit.findAll(TypeDeclaration.class).forEach(type -> types.put(type.getNameAsString(), type)));

        Set<SettingName> properties = new LinkedHashSet<>();
        Set<String> environment = new LinkedHashSet<>();
        for (CompilationUnit unit : units) {
            for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
                prefix(type).ifPresent(prefix -> bind(prefix, type, types, properties, 0));
            }
            unit.findAll(StringLiteralExpr.class).forEach(s -> placeholders(s.getValue(), properties, environment));
            unit.findAll(TextBlockLiteralExpr.class).forEach(s -> placeholders(s.getValue(), properties, environment));
            unit.findAll(MethodCallExpr.class).stream()
                    .filter(call -> call.getNameAsString().equals("getenv") && call.getArguments().size() == 1
                            && call.getArgument(0).isStringLiteralExpr())
                    .forEach(call -> environment.add(call.getArgument(0).asStringLiteralExpr().getValue()));
        }
        return new SourceScan(Set.copyOf(properties), Set.copyOf(environment));
    }

    private static Stream<Path> javaFiles(Path root) {
        try {
            return Files.walk(root).filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompilationUnit parse(Path file) {
        try {
            return StaticJavaParser.parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> prefix(TypeDeclaration<?> type) {
        for (AnnotationExpr annotation : type.getAnnotations()) {
            String name = annotation.getNameAsString();
            if (!name.equals("ConfigurationProperties") && !name.endsWith(".ConfigurationProperties")) {
                continue;
            }
            if (annotation instanceof SingleMemberAnnotationExpr single) {
                return Optional.of(single.getMemberValue().asStringLiteralExpr().getValue());
            }
            if (annotation instanceof NormalAnnotationExpr normal) {
                return normal.getPairs().stream()
                        .filter(p -> p.getNameAsString().equals("prefix") || p.getNameAsString().equals("value"))
                        .map(p -> p.getValue().asStringLiteralExpr().getValue()).findFirst();
            }
        }
        return Optional.empty();
    }

    private static void bind(String prefix, TypeDeclaration<?> type, Map<String, TypeDeclaration<?>> types,
                             Set<SettingName> out, int depth) {
        if (depth > 8) {
            throw new IllegalStateException("configuration types nest deeper than 8 under " + prefix);
        }
        if (type instanceof RecordDeclaration record) {
            record.getParameters().forEach(p -> member(type, prefix, p.getNameAsString(), p.getType(), types, out, depth));
        } else {
            for (FieldDeclaration field : type.getFields()) {
                if (!field.isStatic()) {
                    field.getVariables().forEach(v -> member(type, prefix, v.getNameAsString(), v.getType(), types, out, depth));
                }
            }
        }
    }

    private static void member(TypeDeclaration<?> owner, String prefix, String javaName, Type type,
                               Map<String, TypeDeclaration<?>> types, Set<SettingName> out, int depth) {
        String name = prefix + "." + CAMEL.matcher(javaName).replaceAll("$1-$2").toLowerCase(java.util.Locale.ROOT);
        if (type.isArrayType()) {
            out.add(new SettingName(name, SettingName.Shape.LIST));
            return;
        }
        if (type instanceof ClassOrInterfaceType classType) {
            String simple = classType.getNameAsString();
            if (MAPS.contains(simple)) {
                out.add(new SettingName(name, SettingName.Shape.MAP));
                return;
            }
            if (COLLECTIONS.contains(simple)) {
                out.add(new SettingName(name, SettingName.Shape.LIST));
                return;
            }
            TypeDeclaration<?> nested = memberType(owner, simple).orElse(types.get(simple));
            if (nested != null && (nested.isRecordDeclaration() || nested.isClassOrInterfaceDeclaration())) {
                bind(name, nested, types, out, depth + 1);
                return;
            }
        }
        out.add(SettingName.value(name));
    }

    /** A type declared inside the owner or one of its enclosing types: it wins over same-named types elsewhere. */
    private static Optional<TypeDeclaration<?>> memberType(TypeDeclaration<?> owner, String simpleName) {
        Optional<com.github.javaparser.ast.Node> scope = Optional.of(owner);
        while (scope.isPresent()) {
            if (scope.get() instanceof TypeDeclaration<?> enclosing) {
                for (var member : enclosing.getMembers()) {
                    if (member instanceof TypeDeclaration<?> nested && nested.getNameAsString().equals(simpleName)) {
                        return Optional.of(nested);
                    }
                }
            }
            scope = scope.get().getParentNode();
        }
        return Optional.empty();
    }

    private static void placeholders(String text, Set<SettingName> properties, Set<String> environment) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(2);
            if (matcher.group(1) != null || ENV_NAME.matcher(name).matches()) {
                environment.add(name);
            } else if (name.contains(".")) {
                properties.add(SettingName.value(name));
            }
        }
    }
}

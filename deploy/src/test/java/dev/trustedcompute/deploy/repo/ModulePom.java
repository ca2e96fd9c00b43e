package dev.trustedcompute.deploy.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What deployment needs to know from a module's pom.
 *
 * @param dir               the module directory
 * @param artifactId        its artifactId (the jar is {@code target/<artifactId>-<version>.jar})
 * @param repackaged        the Spring Boot plugin repackages the jar (executable, layered: {@code jarmode=tools})
 * @param projectLibraries  {@code dev.trustedcompute} artifacts it depends on (compile/runtime scope)
 * @param spring            it runs on Spring Boot (relaxed binding of environment variables applies)
 */
public record ModulePom(Path dir, String artifactId, boolean repackaged, List<String> projectLibraries, boolean spring) {

    public static ModulePom read(Path moduleDir) {
        Document pom = parse(moduleDir.resolve("pom.xml"));
        Element project = pom.getDocumentElement();
        String artifactId = childText(project, "artifactId");
        List<String> libraries = new ArrayList<>();
        boolean spring = false;
        for (Element dependency : elements(project, "dependencies", "dependency")) {
            String group = childText(dependency, "groupId");
            String artifact = childText(dependency, "artifactId");
            String scope = childText(dependency, "scope");
            if ("test".equals(scope)) {
                continue;
            }
            if ("dev.trustedcompute".equals(group)) {
                libraries.add(artifact);
            }
            spring |= artifact.startsWith("spring-boot-starter") || "service-kit".equals(artifact);
        }
        boolean repackaged = false;
        for (Element plugin : elements(project, "build", "plugins", "plugin")) {
            if ("spring-boot-maven-plugin".equals(childText(plugin, "artifactId"))) {
                repackaged = plugin.getElementsByTagName("goal").getLength() > 0
                        && textsOf(plugin.getElementsByTagName("goal")).contains("repackage");
            }
        }
        return new ModulePom(moduleDir, artifactId, repackaged, List.copyOf(libraries), spring);
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> elements(Element parent, String... path) {
        List<Element> current = List.of(parent);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element element : current) {
                next.addAll(children(element, name));
            }
            current = next;
        }
        return current;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                result.add(element);
            }
        }
        return result;
    }

    private static String childText(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst().getTextContent().strip();
    }

    private static List<String> textsOf(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            texts.add(node.getTextContent().strip());
        }
        return texts;
    }
}

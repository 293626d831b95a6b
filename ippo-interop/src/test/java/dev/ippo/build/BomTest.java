package dev.ippo.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * ippo-bom lists every published module, and only those, at the project's version, and
 * carries the parent's license, url, scm and developers (it has no parent of its own). A
 * module is published unless its POM sets {@code maven.deploy.skip}: the programs, tests and
 * benchmarks do.
 */
class BomTest {
  private static final Path ROOT =
      Path.of(System.getProperty("ippo.repo.root", "..")).toAbsolutePath().normalize();

  @Test
  void theBomListsEveryPublishedModuleAtTheProjectsVersion() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    Element bom = pom(ROOT.resolve("ippo-bom/pom.xml"));
    String version = child(parent, "version").getTextContent();
    assertEquals(version, child(bom, "version").getTextContent());

    TreeSet<String> published = new TreeSet<>();
    for (Element module : children(child(parent, "modules"), "module")) {
      String name = module.getTextContent();
      Element pom = pom(ROOT.resolve(name).resolve("pom.xml"));
      Element properties = child(pom, "properties");
      boolean skipped = properties != null && child(properties, "maven.deploy.skip") != null
          && child(properties, "maven.deploy.skip").getTextContent().equals("true");
      if (!skipped && !name.equals("ippo-bom")) {
        published.add(name);
      }
    }
    assertFalse(published.isEmpty());

    Map<String, String> listed = new TreeMap<>();
    Element managed = child(child(bom, "dependencyManagement"), "dependencies");
    for (Element dependency : children(managed, "dependency")) {
      assertEquals("dev.ippo", child(dependency, "groupId").getTextContent());
      listed.put(child(dependency, "artifactId").getTextContent(),
          child(dependency, "version").getTextContent());
    }
    assertEquals(published, listed.keySet(), "the BOM against the published modules");
    listed.values().forEach(v -> assertEquals("${project.version}", v));
  }

  @Test
  void theBomCarriesTheParentsMetadataForMavenCentral() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    Element bom = pom(ROOT.resolve("ippo-bom/pom.xml"));
    for (String part : List.of("url", "licenses", "developers", "scm", "issueManagement")) {
      Element mine = child(bom, part);
      Element theirs = child(parent, part);
      assertEquals(theirs.getTextContent().strip(), mine.getTextContent().strip(), part);
    }
  }

  private static Element pom(Path file) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(file.toFile());
    return document.getDocumentElement();
  }

  /** The first child element named {@code name}, or null. */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }
}

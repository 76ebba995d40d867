package dev.weft.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples of running weft inside other servers are excerpts of tests that compile
 * and run: every line of each Java block appears, in order and with nothing between, in one
 * test source of the project (indentation aside); a {@code // ...} line marks lines left out.
 * An example that drifts from the code fails here.
 */
class ReadmeExamplesTest {
    private static final List<String> SECTIONS = List.of(
            "### In a servlet container", "### In Spring Boot", "### Handing over a connection",
            "### Topics, and one room across servers", "### Server-sent events", "### Metrics");
    private static final String GAP = "// ...";

    @Test
    void everyExampleIsAnExcerptOfATest() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Map<Path, List<String>> sources = testSources(root);
        assertThat(sources).as("test sources under %s", root).isNotEmpty();
        for (String section : SECTIONS) {
            List<List<String>> blocks = javaBlocks(section(readme, section));
            assertThat(blocks).as("Java examples in %s", section).isNotEmpty();
            for (List<String> block : blocks) {
                assertThat(sources.values().stream().anyMatch(lines -> contains(lines, block)))
                        .as("this example in '%s' is an excerpt of no test source:%n%s", section, String.join("\n", block))
                        .isTrue();
            }
        }
    }

    @Test
    void theCheckFindsAnExcerptAndRefusesADriftedOne() {
        List<String> source = List.of("a();", "b();", "c();", "d();");
        assertThat(contains(source, List.of("b();", "c();"))).isTrue();
        assertThat(contains(source, List.of("a();", GAP, "d();"))).isTrue();
        assertThat(contains(source, List.of("a();", "c();"))).as("a line left out without a gap mark").isFalse();
        assertThat(contains(source, List.of("d();", GAP, "a();"))).as("out of order").isFalse();
        assertThat(contains(source, List.of("b();", "x();"))).isFalse();
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README section %s", heading).isNotNegative();
        int end = readme.indexOf("\n#", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<List<String>> javaBlocks(String text) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : text.split("\n")) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null && !line.isBlank()) {
                current.add(line.strip());
            }
        }
        return blocks;
    }

    private static Map<Path, List<String>> testSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
            Map<Path, List<String>> out = new java.util.HashMap<>();
            for (Path p : java) {
                out.put(p, Files.readAllLines(p).stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
            }
            return out;
        }
    }

    /**
     * Whether {@code block}'s runs of lines between gap marks appear in {@code source}, in order
     * (each run found at its earliest place after the previous one, which finds any match there is).
     */
    static boolean contains(List<String> source, List<String> block) {
        int from = 0;
        List<String> run = new ArrayList<>();
        for (int i = 0; i <= block.size(); i++) {
            if (i == block.size() || block.get(i).equals(GAP)) {
                int at = indexOf(source, run, from);
                if (at < 0) {
                    return false;
                }
                from = at + run.size();
                run.clear();
            } else {
                run.add(block.get(i));
            }
        }
        return true;
    }

    private static int indexOf(List<String> source, List<String> run, int from) {
        if (run.isEmpty()) {
            return from;
        }
        for (int i = from; i + run.size() <= source.size(); i++) {
            if (source.subList(i, i + run.size()).equals(run)) {
                return i;
            }
        }
        return -1;
    }
}

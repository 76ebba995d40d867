package dev.weft.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Path matching walks the path in place; it must agree with cutting the path into segments first. */
class PathPatternTest {
    /** The plain definition: split on '/', drop empty segments, compare segment by segment. */
    private static Map<String, String> byDefinition(String pattern, String path) {
        boolean prefix = pattern.endsWith("/*");
        List<String> want = segments(prefix ? pattern.substring(0, pattern.length() - 2) : pattern);
        List<String> got = segments(path);
        if (prefix ? got.size() < want.size() : got.size() != want.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String s = want.get(i);
            if (s.startsWith("{")) {
                params.put(s.substring(1, s.length() - 1), got.get(i));
            } else if (!s.equals(got.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void examples() {
        assertThat(new PathPattern("/rooms/{room}").match("/rooms/42")).containsExactlyEntriesOf(Map.of("room", "42"));
        assertThat(new PathPattern("/rooms/{room}").match("/rooms")).isNull();
        assertThat(new PathPattern("/rooms/{room}").match("/rooms/42/x")).isNull();
        assertThat(new PathPattern("/files/*").match("/files")).isEmpty();
        assertThat(new PathPattern("/files/*").match("/files/a/b")).isEmpty();
        assertThat(new PathPattern("/files/*").match("/filesystem")).isNull();
        assertThat(new PathPattern("/chat").match("//chat/")).isEmpty();
        assertThat(new PathPattern("/chat").match("/chatter")).isNull();
        assertThat(new PathPattern("/").match("/")).isEmpty();
        assertThat(new PathPattern("/*").match("/anything/at/all")).isEmpty();
    }

    @Test
    void agreesWithTheDefinitionOnGeneratedPaths() {
        String[] patterns = {"/", "/*", "/a", "/a/b", "/a/*", "/{x}", "/a/{x}", "/{x}/b/{y}", "/{x}/*", "/ab/{x}/c/*"};
        String[] pieces = {"a", "b", "ab", "c", "", "x1", "%2F"};
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder();
            int n = random.nextInt(5);
            for (int k = 0; k < n; k++) {
                path.append(random.nextInt(6) == 0 ? "//" : "/").append(pieces[random.nextInt(pieces.length)]);
            }
            if (path.length() == 0 || random.nextInt(4) == 0) {
                path.append('/');
            }
            String p = path.toString();
            for (String pattern : patterns) {
                assertThat(new PathPattern(pattern).match(p)).as(pattern + " ~ " + p).isEqualTo(byDefinition(pattern, p));
            }
        }
    }
}

package dev.weft.net.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternTest {
    private static String[] match(String pattern, String path) {
        PathPattern p = PathPattern.compile(pattern);
        String[] values = new String[p.names().length];
        return p.match(path, values) ? values : null;
    }

    @Test
    void literalsMatchExactly() {
        assertThat(match("/", "/")).isEmpty();
        assertThat(match("/", "/a")).isNull();
        assertThat(match("/a/b", "/a/b")).isEmpty();
        assertThat(match("/a/b", "/a/bc")).isNull();
        assertThat(match("/a/b", "/a/b/")).isNull();
        assertThat(match("/a/b", "/a")).isNull();
        assertThat(match("/a", "*")).isNull();
    }

    @Test
    void parametersTakeOneNonEmptySegment() {
        assertThat(match("/u/{id}", "/u/42")).containsExactly("42");
        assertThat(match("/u/{id}", "/u/")).isNull();
        assertThat(match("/u/{id}", "/u/4/2")).isNull();
        assertThat(match("/{a}/x/{b}", "/1/x/2")).containsExactly("1", "2");
    }

    @Test
    void aWildcardTakesTheRest() {
        assertThat(match("/s/*", "/s/a/b")).containsExactly("a/b");
        assertThat(match("/s/*", "/s")).containsExactly("");
        assertThat(match("/s/*", "/sx")).isNull();
        assertThat(match("/*", "/")).containsExactly("");
        assertThat(match("/{d}/*", "/x/y/z")).containsExactly("x", "y/z");
    }

    @Test
    void moreSpecificPatternsSortFirst() {
        List<PathPattern> list = new ArrayList<>(List.of(
                PathPattern.compile("/*"),
                PathPattern.compile("/u/{id}"),
                PathPattern.compile("/u/{id}/*"),
                PathPattern.compile("/u/me/{x}")));
        list.sort(PathPattern::compareTo);
        assertThat(list).map(PathPattern::toString).containsExactly("/u/me/{x}", "/u/{id}", "/u/{id}/*", "/*");
    }
}

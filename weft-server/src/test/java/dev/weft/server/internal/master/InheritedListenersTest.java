package dev.weft.server.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InheritedListenersTest {
    private static final List<InheritedListeners.Entry> OLD = List.of(
            new InheritedListeners.Entry(3, "web", "http://0.0.0.0:8080", "http://0.0.0.0:8080"),
            new InheritedListeners.Entry(4, "chat room;1", "websocket://[::1]:0", "websocket://[::1]:41234"),
            new InheritedListeners.Entry(5, "old", "text://127.0.0.1:9000", "text://127.0.0.1:9000"));

    @Test
    void entriesSurviveTheEnvironmentVariableWhateverTheNames() {
        String value = InheritedListeners.format(OLD);
        assertThat(value).doesNotContain("\n");
        InheritedListeners parsed = InheritedListeners.parse(value);
        assertThat(parsed.unclaimed()).isEqualTo(OLD);
        assertThat(InheritedListeners.parse("").unclaimed()).isEmpty();
        assertThat(InheritedListeners.parse(null).unclaimed()).isEmpty();
    }

    @Test
    void aWorkerTakesTheSocketOfItsNameAndUrlElseOfItsUrlWhenThatNamesAPort() {
        InheritedListeners l = new InheritedListeners(OLD);
        assertThat(l.claim("chat room;1", "websocket://[::1]:0").fd()).isEqualTo(4);
        assertThat(l.claim("renamed", "http://0.0.0.0:8080").fd())
                .as("same URL with a port: the accept queue stays")
                .isEqualTo(3);
        assertThat(l.claim("web", "http://0.0.0.0:8080")).as("taken already").isNull();
        assertThat(l.claim("other", "websocket://[::1]:0"))
                .as("port 0 ties only by name")
                .isNull();
        assertThat(l.claim("old", "text://127.0.0.1:9001"))
                .as("the URL changed: a new socket")
                .isNull();
        assertThat(l.unclaimed()).extracting(InheritedListeners.Entry::fd).containsExactly(5);
    }

    @Test
    void aUnixSocketIsClaimedByItsUrlAloneLikeAPort() {
        InheritedListeners l = new InheritedListeners(
                List.of(new InheritedListeners.Entry(7, "web", "http+unix:///run/a.sock", "http+unix:///run/a.sock")));
        assertThat(l.claim("renamed", "http+unix:///run/b.sock")).isNull();
        assertThat(l.claim("renamed", "http+unix:///run/a.sock").fd()).isEqualTo(7);
    }

    @Test
    void aMalformedValueIsRefusedWithAMessage() {
        assertThatThrownBy(() -> InheritedListeners.parse("3 web")).hasMessageContaining("bad inherited listener");
        assertThatThrownBy(() -> InheritedListeners.parse("x a b c")).hasMessageContaining("bad descriptor");
    }
}

package dev.weft.server.internal.master;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.control.Json;
import org.junit.jupiter.api.Test;

/** What the master makes of a child's link messages. */
class ChildLinkTest {
    @Test
    void aHelloNamesTheChildsPid() {
        MasterEvent e = ChildLink.parse(Json.object().put("type", "hello").put("pid", 42), -1, null);
        assertThat(e).isEqualTo(new MasterEvent.Hello(42, null, 0));
    }

    @Test
    void aReadyCountsOnlyAfterTheHello() {
        assertThat(ChildLink.parse(Json.object().put("type", "ready"), -1, null))
                .isNull();
        assertThat(ChildLink.parse(Json.object().put("type", "ready"), 42, null))
                .isEqualTo(new MasterEvent.Ready(42));
    }

    @Test
    void anUnknownMessageMeansNothing() {
        assertThat(ChildLink.parse(Json.object().put("type", "gossip"), 42, null))
                .isNull();
    }
}

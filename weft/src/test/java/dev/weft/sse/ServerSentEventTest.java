package dev.weft.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire form of events, as the HTML standard's event-stream parser reads it. */
class ServerSentEventTest {
    private static String wire(ServerSentEvent e) {
        return new String(e.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void dataIsOneDataLinePerLineWhateverEndsTheLines() {
        assertThat(wire(ServerSentEvent.of("hello"))).isEqualTo("data: hello\n\n");
        assertThat(wire(ServerSentEvent.of(""))).isEqualTo("data: \n\n");
        assertThat(wire(ServerSentEvent.of("a\nb\r\nc\rd"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(wire(ServerSentEvent.of("ends\n"))).as("a trailing break keeps its empty line")
                .isEqualTo("data: ends\ndata: \n\n");
        assertThat(wire(ServerSentEvent.of(" lead"))).as("the parser strips one space, the one weft writes")
                .isEqualTo("data:  lead\n\n");
        assertThat(wire(ServerSentEvent.of("grüße ✓"))).isEqualTo("data: grüße ✓\n\n");
    }

    @Test
    void typeIdAndRetryComeBeforeTheData() {
        assertThat(wire(ServerSentEvent.of("x").withEvent("tick").withId("42").withRetry(Duration.ofMillis(1500))))
                .isEqualTo("event: tick\nid: 42\nretry: 1500\ndata: x\n\n");
    }

    @Test
    void partsTheParserWouldMisreadAreRefused() {
        assertThatThrownBy(() -> ServerSentEvent.of("x").withEvent("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerSentEvent.of("x").withId("1\r2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerSentEvent.of("x").withId("1\u00002")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ServerSentEvent.of("x").withRetry(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commentsAreColonLines() {
        assertThat(new String(ServerSentEvent.comment(""), StandardCharsets.UTF_8)).isEqualTo(":\n\n");
        assertThat(new String(ServerSentEvent.comment("a\nb"), StandardCharsets.UTF_8)).isEqualTo(":a\n:b\n\n");
    }
}

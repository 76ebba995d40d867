package dev.weft.tck;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.flow.Message;
import dev.weft.flow.MessageSubscriber;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.net.URI;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The Reactive Streams TCK's subscriber rules (black box) for {@link MessageSubscriber}, each
 * subscriber sending on a real connection to a server that takes what it gets.
 */
public class MessageSubscriberTckTest extends FlowSubscriberBlackboxVerification<Message> {
    private CountingServer server;
    private WebSocketClient client;

    public MessageSubscriberTckTest() {
        super(new TestEnvironment(3000, 500));
    }

    @BeforeClass
    public void startServer() throws Exception {
        server = new CountingServer();
        client = WebSocketClient.create();
    }

    @AfterClass
    public void stopServer() {
        client.close();
        server.close();
    }

    @Override
    public Flow.Subscriber<Message> createFlowSubscriber() {
        try {
            WebSocket ws = client.connect(URI.create(server.url("/sink")), new WebSocketListener() {
            }).get(10, TimeUnit.SECONDS);
            return MessageSubscriber.sendingTo(ws);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to the sink", e);
        }
    }

    @Override
    public Message createElement(int element) {
        return Message.text("element " + element);
    }
}

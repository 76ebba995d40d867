package dev.weft.tck;

import dev.weft.WebSocketListener;
import dev.weft.flow.Message;
import dev.weft.flow.MessageSubscriber;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK's subscriber rules (black box) for {@link MessageSubscriber}, each
 * subscriber sending on a real connection to a server that takes what it gets.
 */
public class MessageSubscriberTckTest extends FlowSubscriberBlackboxVerification<Message> {
    private CountingServer server;

    public MessageSubscriberTckTest() {
        super(new TestEnvironment(3000, 500));
    }

    @BeforeClass
    public void startServer() throws Exception {
        server = new CountingServer();
    }

    @AfterClass
    public void stopServer() {
        server.close();
    }

    @Override
    public Flow.Subscriber<Message> createFlowSubscriber() {
        return MessageSubscriber.sendingTo(server.connect("/sink", new WebSocketListener() {
        }));
    }

    @Override
    public Message createElement(int element) {
        return Message.text("element " + element);
    }
}

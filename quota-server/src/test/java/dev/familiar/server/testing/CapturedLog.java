package dev.familiar.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.familiar.server.observability.JsonLineEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what the server logs, through the production JSON encoder, while open. */
public final class CapturedLog implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    public CapturedLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setName("captured-" + System.identityHashCode(this));
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.setImmediateFlush(true);
        appender.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}

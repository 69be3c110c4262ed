package dev.familiar.server.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.familiar.server.BuildInfo;
import dev.familiar.server.http.RequestContextFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Logback encoder writing one JSON object per line: {@code timestamp, level, service, version,
 * request_id, correlation_id, tenant_id, logger, thread, message}, the event's key-value pairs, and
 * {@code error} for exceptions. Every string passes through {@link Redactor}; values of secret-named
 * keys are masked whatever they hold.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];
    private final JsonFactory factory = new JsonFactory();
    private final BuildInfo build = BuildInfo.current();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("service", build.service());
            json.writeStringField("version", build.version());
            Map<String, String> mdc = event.getMDCPropertyMap();
            writeNullable(json, "request_id", mdc.get(RequestContextFilter.MDC_REQUEST_ID));
            writeNullable(json, "correlation_id", mdc.get(RequestContextFilter.MDC_CORRELATION_ID));
            writeNullable(json, "tenant_id", mdc.get(RequestContextFilter.MDC_TENANT_ID));
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", Redactor.redact(event.getFormattedMessage()));
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    writeKeyValue(json, kv);
                }
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", error.getClassName());
                json.writeStringField("message", Redactor.redact(error.getMessage()));
                json.writeStringField("stack", Redactor.redact(stack(error)));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeKeyValue(JsonGenerator json, KeyValuePair kv) throws IOException {
        String key = kv.key == null ? "value" : kv.key;
        Object value = kv.value;
        if (Redactor.isSecretKey(key)) {
            json.writeStringField(key, Redactor.MASK);
        } else if (value instanceof Number n) {
            json.writeFieldName(key);
            if (n instanceof Double || n instanceof Float) {
                json.writeNumber(n.doubleValue());
            } else {
                json.writeNumber(n.longValue());
            }
        } else if (value instanceof Boolean b) {
            json.writeBooleanField(key, b);
        } else {
            json.writeStringField(key, Redactor.redact(String.valueOf(value)));
        }
    }

    private static void writeNullable(JsonGenerator json, String key, String value) throws IOException {
        if (value == null) {
            json.writeNullField(key);
        } else {
            json.writeStringField(key, value);
        }
    }

    private static String stack(IThrowableProxy error) {
        StringBuilder out = new StringBuilder();
        IThrowableProxy current = error;
        int depth = 0;
        while (current != null && depth++ < 5) {
            if (out.length() > 0) {
                out.append("Caused by: ");
            }
            out.append(current.getClassName()).append(": ").append(current.getMessage()).append('\n');
            StackTraceElementProxy[] frames = current.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(frames.length, 30); i++) {
                out.append("\tat ").append(frames[i].getStackTraceElement()).append('\n');
            }
            current = current.getCause();
        }
        return out.toString();
    }
}

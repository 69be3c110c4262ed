package dev.familiar.server.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One counted usage event as {@link JournaledUsageLedger} journals it: everything its {@code usage_event} row and
 * its counter need, including the answer given ({@code status}, {@code body}) and the counter after it
 * ({@code usedAfter}, an absolute value, so applying a record twice cannot count it twice).
 */
record UsageJournalRecord(UsageCommand.Kind kind, CounterKey counter, String requestId, long amount, Instant occurredAt,
                          Instant receivedAt, String payloadHash, int status, String body, long usedAfter) {
    private static final int VERSION = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160 + body.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(kind.ordinal());
            out.writeUTF(counter.tenantId());
            out.writeUTF(counter.metric());
            out.writeUTF(counter.periodKey());
            out.writeUTF(requestId);
            out.writeLong(amount);
            out.writeLong(occurredAt.getEpochSecond());
            out.writeInt(occurredAt.getNano());
            out.writeLong(receivedAt.getEpochSecond());
            out.writeInt(receivedAt.getNano());
            out.writeUTF(payloadHash);
            out.writeInt(status);
            out.writeUTF(body);
            out.writeLong(usedAfter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static UsageJournalRecord decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IOException("Unknown usage journal record version " + version);
            }
            UsageCommand.Kind kind = UsageCommand.Kind.values()[in.readByte()];
            CounterKey counter = new CounterKey(in.readUTF(), in.readUTF(), in.readUTF());
            String requestId = in.readUTF();
            long amount = in.readLong();
            Instant occurredAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String payloadHash = in.readUTF();
            int status = in.readInt();
            String body = in.readUTF();
            long usedAfter = in.readLong();
            return new UsageJournalRecord(kind, counter, requestId, amount, occurredAt, receivedAt, payloadHash, status,
                    body, usedAfter);
        }
    }
}

package dev.familiar.server.llm.quota;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The append-only file behind {@link QuotaBook}: one frame per group of decisions, written with one {@code write(2)}
 * before any of them is answered, so an answered reservation is in the operating system's hands (it survives
 * {@code kill -9} of the server, as an H2 commit with {@code WRITE_DELAY=0} does; neither forces the disk). A frame
 * is {@code [int length][int crc32][long seq][int n][n × delta]}; a frame cut short or failing its checksum ends the
 * journal (a crash in the middle of a write: that group was never answered). Emptied once the rows hold every frame.
 * Not thread-safe: {@link QuotaBook} calls it under its lock.
 */
final class QuotaJournal implements AutoCloseable {
    /** One frame: its sequence number and the deltas it carried. */
    record Frame(long seq, List<QuotaBook.Delta> deltas) {
    }

    private final Path file;
    private final FileChannel channel;

    private QuotaJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static QuotaJournal open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new QuotaJournal(file, channel);
    }

    Path file() {
        return file;
    }

    /** Every whole frame, in order; the journal is positioned after the last one (a torn tail is cut off). */
    List<Frame> readAll() throws IOException {
        List<Frame> frames = new ArrayList<>();
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all);
        int good = 0;
        while (buf.remaining() >= 8) {
            int length = buf.getInt();
            int crc = buf.getInt();
            if (length <= 0 || length > buf.remaining()) {
                break;
            }
            byte[] payload = new byte[length];
            buf.get(payload);
            CRC32 check = new CRC32();
            check.update(payload);
            if ((int) check.getValue() != crc) {
                break;
            }
            try {
                frames.add(decode(payload));
            } catch (IOException | RuntimeException e) {
                break;
            }
            good = buf.position();
        }
        channel.truncate(good);
        channel.position(good);
        return frames;
    }

    /** Writes one frame at the end. */
    void append(long seq, List<QuotaBook.Delta> deltas) throws IOException {
        byte[] payload = encode(seq, deltas);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** Empties the journal (every frame is in the rows). */
    void clear() throws IOException {
        channel.truncate(0);
        channel.position(0);
    }

    long size() throws IOException {
        return channel.size();
    }

    private static byte[] encode(long seq, List<QuotaBook.Delta> deltas) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + deltas.size() * 96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(seq);
            out.writeInt(deltas.size());
            for (QuotaBook.Delta d : deltas) {
                out.writeByte(d.key().owner().ordinal());
                out.writeUTF(d.key().ownerId());
                out.writeUTF(d.key().provider());
                out.writeLong(d.windowStart().getEpochSecond());
                out.writeInt(d.windowStart().getNano());
                out.writeLong(d.tokens());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
    }

    private static Frame decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        long seq = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new EOFException("negative count");
        }
        List<QuotaBook.Delta> deltas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            QuotaKey.Owner owner = QuotaKey.Owner.values()[in.readByte()];
            String ownerId = in.readUTF();
            String provider = in.readUTF();
            Instant windowStart = Instant.ofEpochSecond(in.readLong(), in.readInt());
            deltas.add(new QuotaBook.Delta(new QuotaKey(owner, ownerId, provider), windowStart, in.readLong()));
        }
        return new Frame(seq, deltas);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

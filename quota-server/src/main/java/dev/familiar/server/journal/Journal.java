package dev.familiar.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of opaque records with consecutive sequence numbers, in segment files
 * {@code <first seq>.journal} under one folder. Generic: it knows nothing of usage, so other durable hot paths can
 * write through it too. A record on disk is {@code [int length][int CRC32C of seq and payload][long seq][payload]}.
 *
 * <p>{@link #append} writes one group of records with one {@code write} and, when {@code forceEachGroup}, one
 * {@code fsync}; a caller answers its requests only after it returns. Without the fsync a group survives the
 * process being killed ({@code kill -9}: the bytes are in the operating system's page cache), not a power loss.
 *
 * <p>{@link #open} reads every segment: a record cut short or whose checksum does not match (a torn write at a
 * crash) ends the log; the file is truncated there so new records follow the last whole one. Not thread-safe for
 * appends (one writer thread); {@link #releaseThrough} may be called from another thread.
 */
public final class Journal implements AutoCloseable {
    /** A record read back: its sequence number and payload. */
    public record Entry(long seq, byte[] payload) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int HEADER = 4 + 4 + 8;
    static final int MAX_RECORD = 1 << 20;
    private static final String SUFFIX = ".journal";

    private final Path dir;
    private final boolean forceEachGroup;
    private final long segmentBytes;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Entry> recovered;
    private FileChannel current;
    private long currentSize;
    private long nextSeq;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

    private record Segment(long firstSeq, Path path) {
    }

    private Journal(Path dir, boolean forceEachGroup, long segmentBytes, long minNextSeq) throws IOException {
        this.dir = dir;
        this.forceEachGroup = forceEachGroup;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b))).toList();
        }
        List<Entry> entries = new ArrayList<>();
        long expected = -1;
        boolean torn = false; // after a torn record nothing further is trusted
        for (Path file : files) {
            if (torn) {
                LOG.warn("Journal: deleting {} after a torn record", file);
                Files.delete(file);
                continue;
            }
            segments.add(new Segment(firstSeqOf(file), file));
            long validEnd = read(file, entries, firstSeqOf(file));
            if (!entries.isEmpty()) {
                expected = entries.get(entries.size() - 1).seq() + 1;
            }
            if (validEnd < Files.size(file)) {
                LOG.warn("Journal: {} ends with a torn or corrupt record at byte {} of {}; ignored and truncated",
                        file, validEnd, Files.size(file));
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(validEnd);
                    ch.force(true);
                }
                torn = true;
            }
        }
        this.recovered = List.copyOf(entries);
        this.nextSeq = Math.max(minNextSeq, expected < 0 ? 1 : expected);
        if (segments.isEmpty() || nextSeq != expected) {
            // A segment's records are numbered on from its name: a jump in numbers starts a new one.
            startSegment();
        } else {
            Segment last = segments.get(segments.size() - 1);
            current = FileChannel.open(last.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            currentSize = current.size();
        }
    }

    /**
     * Opens (or creates) the journal in {@code dir}.
     *
     * @param minNextSeq the smallest sequence number the next record may take (one past the caller's checkpoint, so
     *                   numbers keep growing even when every segment was released)
     */
    public static Journal open(Path dir, boolean forceEachGroup, long segmentBytes, long minNextSeq) throws IOException {
        return new Journal(dir, forceEachGroup, segmentBytes, minNextSeq);
    }

    /** The whole records found at {@link #open}, in order (the caller skips those its checkpoint covers). */
    public List<Entry> recovered() {
        return recovered;
    }

    /**
     * Appends a group of records and returns the sequence number of the first; the group is on disk (and forced,
     * if so configured) when this returns.
     */
    public long append(List<byte[]> payloads) throws IOException {
        if (currentSize >= segmentBytes) {
            current.close();
            startSegment();
        }
        long first = nextSeq;
        int size = 0;
        for (byte[] p : payloads) {
            if (p.length > MAX_RECORD) {
                throw new IOException("Journal record of " + p.length + " bytes is too large");
            }
            size += HEADER + p.length;
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
        }
        buffer.clear();
        CRC32C crc = new CRC32C();
        long seq = first;
        for (byte[] p : payloads) {
            crc.reset();
            crc.update(longBytes(seq));
            crc.update(p);
            buffer.putInt(p.length).putInt((int) crc.getValue()).putLong(seq).put(p);
            seq++;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
        if (forceEachGroup) {
            current.force(false);
        }
        currentSize += size;
        nextSeq = seq;
        return first;
    }

    /** Deletes the segments whose every record has a sequence number ≤ {@code seq} (never the one being written). */
    public void releaseThrough(long seq) throws IOException {
        List<Segment> gone = new ArrayList<>();
        synchronized (segments) {
            while (segments.size() > 1 && segments.get(1).firstSeq() <= seq + 1) {
                gone.add(segments.remove(0));
            }
        }
        for (Segment s : gone) {
            Files.deleteIfExists(s.path());
        }
    }

    /** The number of segment files (for tests and metrics). */
    public int segmentCount() {
        synchronized (segments) {
            return segments.size();
        }
    }

    @Override
    public void close() throws IOException {
        current.force(true);
        current.close();
    }

    private void startSegment() throws IOException {
        Path path = dir.resolve(String.format("%020d%s", nextSeq, SUFFIX));
        current = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentSize = current.size();
        synchronized (segments) {
            if (segments.isEmpty() || !segments.get(segments.size() - 1).path().equals(path)) {
                segments.add(new Segment(nextSeq, path));
            }
        }
        // The new file's directory entry must survive a crash like its records do.
        if (forceEachGroup) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                LOG.debug("Journal: cannot fsync the folder {}: {}", dir, e.toString());
            }
        }
    }

    /** Reads whole records into {@code into}; returns the offset just past the last whole, valid record. */
    private static long read(Path file, List<Entry> into, long expectedSeq) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        CRC32C crc = new CRC32C();
        long expected = expectedSeq;
        while (b.remaining() >= HEADER) {
            int start = b.position();
            int length = b.getInt();
            int checksum = b.getInt();
            long seq = b.getLong();
            if (length < 0 || length > MAX_RECORD || length > b.remaining() || (expected >= 0 && seq != expected)) {
                return start;
            }
            byte[] payload = new byte[length];
            b.get(payload);
            crc.reset();
            crc.update(longBytes(seq));
            crc.update(payload);
            if ((int) crc.getValue() != checksum) {
                return start;
            }
            into.add(new Entry(seq, payload));
            expected = seq + 1;
        }
        return b.position();
    }

    private static long firstSeqOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}

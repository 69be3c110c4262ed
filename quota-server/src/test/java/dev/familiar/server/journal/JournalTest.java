package dev.familiar.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithTheirSequenceNumbersAfterReopening() throws Exception {
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            assertThat(j.append(List.of(bytes("a"), bytes("b")))).isEqualTo(1);
            assertThat(j.append(List.of(bytes("c")))).isEqualTo(3);
        }
        try (Journal j = Journal.open(dir, true, 1 << 20, 1)) {
            assertThat(j.recovered()).extracting(Journal.Entry::seq).containsExactly(1L, 2L, 3L);
            assertThat(j.recovered()).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("a", "b", "c");
            assertThat(j.append(List.of(bytes("d")))).isEqualTo(4);
        }
    }

    @Test
    void aTornTailIsIgnoredAndCutSoTheNextRecordFollowsTheLastWholeOne() throws Exception {
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            j.append(List.of(bytes("first"), bytes("second"), bytes("third")));
        }
        Path file = onlySegment();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3); // the third record's write was cut by the crash
        }
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            assertThat(j.recovered()).extracting(Journal.Entry::seq).containsExactly(1L, 2L);
            assertThat(j.append(List.of(bytes("after")))).isEqualTo(3);
        }
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            assertThat(j.recovered()).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("first", "second", "after");
        }
    }

    @Test
    void aRecordWhoseChecksumDoesNotMatchEndsTheLog() throws Exception {
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            j.append(List.of(bytes("one"), bytes("two"), bytes("three")));
        }
        Path file = onlySegment();
        byte[] all = Files.readAllBytes(file);
        int secondPayload = (16 + 3) + 16; // header + "one", then the second record's header
        all[secondPayload] ^= 0x01;
        Files.write(file, all);
        try (Journal j = Journal.open(dir, false, 1 << 20, 1)) {
            assertThat(j.recovered()).extracting(Journal.Entry::seq).containsExactly(1L);
        }
    }

    @Test
    void releasedSegmentsAreDeletedAndNumbersKeepGrowingPastTheCheckpoint() throws Exception {
        try (Journal j = Journal.open(dir, false, 64, 1)) { // tiny segments: one group each
            j.append(List.of(bytes("0123456789012345678901234567890123456789012345678"))); // 1
            j.append(List.of(bytes("0123456789012345678901234567890123456789012345678"))); // 2, new segment
            j.append(List.of(bytes("x"))); // 3, new segment
            assertThat(j.segmentCount()).isEqualTo(3);
            j.releaseThrough(2);
            assertThat(j.segmentCount()).isEqualTo(1);
        }
        try (Journal j = Journal.open(dir, false, 64, 100)) {
            assertThat(j.recovered()).extracting(Journal.Entry::seq).containsExactly(3L);
            assertThat(j.append(List.of(bytes("y")))).isEqualTo(100);
        }
    }

    private Path onlySegment() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

import java.nio.*; import java.nio.channels.*; import java.nio.file.*;
public class FsyncCost { public static void main(String[] a) throws Exception {
  Path p = Path.of("fsync-test.log"); Files.deleteIfExists(p);
  try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
    ByteBuffer b = ByteBuffer.allocate(250*32);
    for (String mode : new String[]{"none","force"}) { long t0=System.nanoTime(); int n=3000;
      for (int i=0;i<n;i++){ b.clear(); b.position(b.capacity()); b.flip(); ch.write(b); if(mode.equals("force")) ch.force(false);} 
      System.out.printf("%s: %.1f us per group of 32%n", mode, (System.nanoTime()-t0)/1e3/n); }
  } Files.deleteIfExists(p); }}

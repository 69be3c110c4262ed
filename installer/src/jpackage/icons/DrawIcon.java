import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the Familiar Console's icon and writes it in the three forms jpackage wants: familiar-console.png (Linux,
 * 256x256), familiar-console.ico (Windows: 16 to 256 px, PNG entries) and familiar-console.icns (macOS: 16 to 1024 px,
 * PNG entries). The files next to this one are its output, committed; run it again after a change:
 *
 *   java -Djava.awt.headless=true installer/src/jpackage/icons/DrawIcon.java installer/src/jpackage/icons
 *
 * The picture is geometry only (no font from the machine), so every run on any JDK 17+ draws the same pixels.
 */
public final class DrawIcon {
    private static final Color TOP = new Color(0x6D4AE0);
    private static final Color BOTTOM = new Color(0x2B1A73);
    private static final Color TRACK = new Color(255, 255, 255, 60);
    private static final Color GAUGE = new Color(0x5EE6C8);
    private static final Color LETTER = Color.WHITE;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(out);
        Files.write(out.resolve("familiar-console.png"), png(draw(256)));

        Map<Integer, byte[]> ico = new LinkedHashMap<>();
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            ico.put(size, png(draw(size)));
        }
        Files.write(out.resolve("familiar-console.ico"), ico(ico));

        // icns element types holding PNG data: icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024
        Map<String, byte[]> icns = new LinkedHashMap<>();
        icns.put("icp4", png(draw(16)));
        icns.put("icp5", png(draw(32)));
        icns.put("icp6", png(draw(64)));
        icns.put("ic07", png(draw(128)));
        icns.put("ic08", png(draw(256)));
        icns.put("ic09", png(draw(512)));
        icns.put("ic10", png(draw(1024)));
        Files.write(out.resolve("familiar-console.icns"), icns(icns));
    }

    /** A rounded square in violet, a quota gauge three quarters full, and an F drawn from rectangles. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(size / 256.0, size / 256.0);

        g.setPaint(new GradientPaint(0, 8, TOP, 0, 248, BOTTOM));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));

        BasicStroke ring = new BasicStroke(18, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        g.setStroke(ring);
        Arc2D.Double whole = new Arc2D.Double(44, 44, 168, 168, 225, -270, Arc2D.OPEN);
        g.setColor(TRACK);
        g.draw(whole);
        g.setColor(GAUGE);
        g.draw(new Arc2D.Double(44, 44, 168, 168, 225, -200, Arc2D.OPEN));

        g.setColor(LETTER);
        g.fill(new RoundRectangle2D.Double(96, 84, 22, 92, 6, 6));   // stem
        g.fill(new RoundRectangle2D.Double(96, 84, 64, 22, 6, 6));   // top bar
        g.fill(new RoundRectangle2D.Double(96, 122, 50, 20, 6, 6));  // middle bar
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** ICO with PNG entries (Windows Vista and later read them). */
    static byte[] ico(Map<Integer, byte[]> pngsBySize) {
        int count = pngsBySize.size();
        int offset = 6 + 16 * count;
        int total = offset + pngsBySize.values().stream().mapToInt(b -> b.length).sum();
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort((short) 0).putShort((short) 1).putShort((short) count);
        for (Map.Entry<Integer, byte[]> e : pngsBySize.entrySet()) {
            int size = e.getKey();
            buf.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            buf.put((byte) 0).put((byte) 0);                 // no palette, reserved
            buf.putShort((short) 1).putShort((short) 32);    // planes, bits per pixel
            buf.putInt(e.getValue().length).putInt(offset);
            offset += e.getValue().length;
        }
        pngsBySize.values().forEach(buf::put);
        return buf.array();
    }

    /** ICNS: the magic, the file's length, then (type, length including its 8-byte header, data) per image. */
    static byte[] icns(Map<String, byte[]> pngsByType) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        int total = 8 + pngsByType.values().stream().mapToInt(b -> 8 + b.length).sum();
        out.writeBytes("icns");
        out.writeInt(total);
        for (Map.Entry<String, byte[]> e : pngsByType.entrySet()) {
            out.writeBytes(e.getKey());
            out.writeInt(8 + e.getValue().length);
            out.write(e.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }
}

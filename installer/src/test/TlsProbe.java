import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS 1.3 handshake over loopback with the EC key of the given PKCS12 store, server and client in this JVM: run by
 * package-install-test.sh with the console's jlinked runtime, it fails when the runtime lacks what TLS needs
 * (jdk.crypto.ec for the EC key and the ECDHE key exchange). Prints the protocol and cipher suite.
 */
public final class TlsProbe {
    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0)) {
            Thread serverSide = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    OutputStream out = accepted.getOutputStream();
                    out.write(accepted.getInputStream().read());
                    out.flush();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            serverSide.start();
            try (SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                if (client.getInputStream().read() != 42) {
                    throw new IllegalStateException("no echo over TLS");
                }
                System.out.println(client.getSession().getProtocol() + " " + client.getSession().getCipherSuite()
                        + " with an EC key");
            }
            serverSide.join();
        }
    }
}

package dev.spotplay.transport.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Loads private key files once and keeps them: a cluster uses one key for hundreds of
 * connections. Errors name the file and say what to do, since they are the user's to fix.
 */
final class PrivateKeys {

    private final Config config;
    private final Map<Path, KeyProvider> loaded = new ConcurrentHashMap<>();

    PrivateKeys(Config config) {
        this.config = config;
    }

    KeyProvider get(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        KeyProvider known = loaded.get(key);
        if (known != null) {
            return known;
        }
        KeyProvider fresh = load(key);
        loaded.put(key, fresh);
        return fresh;
    }

    private KeyProvider load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("SSH private key " + file + " does not exist; check ssh.private_key, or remove it to let spotplay create a key for the cluster", e);
        } catch (IOException e) {
            throw new IOException("cannot read SSH private key " + file + ": " + e.getMessage(), e);
        }
        if (isEncrypted(text)) {
            throw new IOException("SSH private key " + file + " is protected by a passphrase, which spotplay cannot ask for; "
                    + "use a key without one (ssh-keygen -p -N '' -f " + file + " removes it from a copy)");
        }
        try (SSHClient loader = new SSHClient(config)) {
            KeyProvider provider = loader.loadKeys(file.toString());
            provider.getPrivate();   // fail here, with the file's name, not in the middle of a connect
            provider.getPublic();
            return provider;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot load SSH private key " + file + " (OpenSSH ed25519, ecdsa or rsa expected): " + e.getMessage(), e);
        }
    }

    /** PEM keys say so in a header; OpenSSH keys name their cipher ("none" when unencrypted) right after the magic. */
    static boolean isEncrypted(String text) {
        if (text.contains("ENCRYPTED")) {
            return true;
        }
        String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        String end = "-----END OPENSSH PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            return false;
        }
        try {
            byte[] blob = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
            b.position(magic.length);
            byte[] cipher = new byte[b.getInt()];
            b.get(cipher);
            return !"none".equals(new String(cipher, StandardCharsets.US_ASCII));
        } catch (RuntimeException malformed) {
            return false;   // sshj will say what is wrong with it
        }
    }
}

package dev.spotplay.transport.ssh;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The cluster's own SSH key pair, made when the playbook names none. Written in the formats
 * OpenSSH writes ({@code ssh-keygen -t ed25519 -N ''}), so the user's own ssh, scp and
 * Ansible can use it too.
 */
public final class KeyPairs {

    private static final String TYPE = "ssh-ed25519";

    private KeyPairs() {}

    /**
     * Returns {@code privateKeyFile}, first creating an unencrypted ed25519 key there (mode
     * 0600, folder 0700) and its {@code .pub} (0644) if it does not exist. An existing key is
     * kept; a missing {@code .pub} beside it is derived again.
     */
    public static Path ensureEd25519(Path privateKeyFile, String comment) throws IOException {
        Path pub = publicKeyFile(privateKeyFile);
        if (Files.exists(privateKeyFile)) {
            if (!Files.exists(pub)) {
                writeAtomically(pub, (publicLine(privateKeyFile) + " " + comment + "\n").getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
            }
            return privateKeyFile;
        }
        Path folder = privateKeyFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[][] raw = generate();
        byte[] seed = raw[0];
        byte[] publicKey = raw[1];
        byte[] blob = publicBlob(publicKey);
        writeAtomically(privateKeyFile, privateKeyText(seed, publicKey, blob, comment).getBytes(StandardCharsets.US_ASCII), "rw-------");
        Arrays.fill(seed, (byte) 0);
        String line = TYPE + " " + Base64.getEncoder().encodeToString(blob) + " " + comment + "\n";
        writeAtomically(pub, line.getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        return privateKeyFile;
    }

    public static Path publicKeyFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    /** {@code "ssh-ed25519 AAAA..."} for a private key file, as {@code ssh-keygen -y} prints it (without comment). */
    static String publicLine(Path privateKeyFile) throws IOException {
        OpenSSHKeyV1KeyFile file = new OpenSSHKeyV1KeyFile();
        file.init(privateKeyFile.toFile());
        return SshConnector.knownHostsKey(file.getPublic());
    }

    /** {seed, public key}, 32 bytes each, from the JDK's own Ed25519 (no extra provider needed). */
    private static byte[][] generate() throws IOException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();    // SubjectPublicKeyInfo: the raw key is the last 32 bytes
            byte[] pkcs8 = pair.getPrivate().getEncoded();  // PrivateKeyInfo wrapping an OCTET STRING seed: the last 32 bytes
            return new byte[][] {
                Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length),
                Arrays.copyOfRange(x509, x509.length - 32, x509.length)
            };
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java runtime cannot generate ed25519 keys: " + e.getMessage(), e);
        }
    }

    private static byte[] publicBlob(byte[] publicKey) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        string(out, TYPE.getBytes(StandardCharsets.US_ASCII));
        string(out, publicKey);
        return bytes.toByteArray();
    }

    /** The openssh-key-v1 format (PROTOCOL.key in OpenSSH's sources), unencrypted. */
    private static String privateKeyText(byte[] seed, byte[] publicKey, byte[] blob, String comment) throws IOException {
        ByteArrayOutputStream secret = new ByteArrayOutputStream();
        DataOutputStream s = new DataOutputStream(secret);
        int check = new SecureRandom().nextInt();
        s.writeInt(check);
        s.writeInt(check);
        string(s, TYPE.getBytes(StandardCharsets.US_ASCII));
        string(s, publicKey);
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(publicKey, 0, both, 32, 32);
        string(s, both);
        Arrays.fill(both, (byte) 0);
        string(s, comment.getBytes(StandardCharsets.UTF_8));
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            s.writeByte(pad);
        }

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        DataOutputStream w = new DataOutputStream(whole);
        w.write("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        string(w, "none".getBytes(StandardCharsets.US_ASCII));
        string(w, "none".getBytes(StandardCharsets.US_ASCII));
        string(w, new byte[0]);
        w.writeInt(1);
        string(w, blob);
        string(w, secret.toByteArray());

        String b64 = Base64.getEncoder().encodeToString(whole.toByteArray());
        StringBuilder text = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < b64.length(); i += 70) {
            text.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
        }
        return text.append("-----END OPENSSH PRIVATE KEY-----\n").toString();
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    /** Creates the file with its final mode before any byte is written, then renames it into place. */
    private static void writeAtomically(Path file, byte[] content, String mode) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.write(temp, content);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));   // the umask may have narrowed it
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package dev.spotplay.transport.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * sshj on the JDK's own crypto. The JDK has every algorithm spotplay negotiates (X25519,
 * Ed25519, ECDH, AES-GCM and -CTR, HMAC-SHA2, RSA and ECDSA signatures); registering
 * BouncyCastle as a provider instead costs a quarter of a second on every run, since its signed
 * 8 MB jar is verified class by class, and keeps class-data sharing from covering it. The one
 * gap is a name: sshj asks for an {@code ECDSA} key factory, which the JDK calls {@code EC};
 * a small provider answers to that name with the JDK's.
 */
final class JdkCrypto {
    static final String PROVIDER = "spotplay-jdk-names";

    private JdkCrypto() {}

    static synchronized void install() {
        SecurityUtils.setRegisterBouncyCastle(false);
        SecurityUtils.setSecurityProvider(null);
        if (Security.getProvider(PROVIDER) == null) {
            Security.addProvider(new Names());
        }
    }

    /** Names sshj uses that the JDK spells otherwise. */
    static final class Names extends Provider {
        Names() {
            super(PROVIDER, "1", "JDK algorithms under the names sshj asks for");
            put("KeyFactory.ECDSA", EcdsaKeyFactory.class.getName());
        }
    }

    /** The JDK's EC key factory, under the name ECDSA. Public: the JCA creates it by reflection. */
    public static final class EcdsaKeyFactory extends KeyFactorySpi {
        private final KeyFactory ec;

        public EcdsaKeyFactory() throws NoSuchAlgorithmException {
            this.ec = KeyFactory.getInstance("EC");
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePublic(spec);
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePrivate(spec);
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
            return ec.getKeySpec(key, type);
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }
}

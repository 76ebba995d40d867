package dev.weft.protocol.handshake;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The accept value and the key check agree with their definitions, computed the plain way with the JDK. */
class AcceptKeyTest {
    private static String definition(String key) throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + AcceptKey.GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
    }

    private static boolean decodesTo16Bytes(String key) {
        try {
            return key.length() == 24 && key.endsWith("==") && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void acceptValuesMatchTheDefinitionForManyKeysAndOddLengths() throws Exception {
        Random random = new Random(6455);
        for (int i = 0; i < 2000; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            assertThat(AcceptKey.of(key)).isEqualTo(definition(key));
        }
        for (String odd : new String[] {"", "short", "a key longer than twenty-four characters"}) {
            assertThat(AcceptKey.of(odd)).isEqualTo(definition(odd));
        }
    }

    @Test
    void keyCheckAgreesWithTheJdkDecoder() {
        Random random = new Random(17);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_!. ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder key = new StringBuilder();
            int length = 22 + random.nextInt(4);
            for (int k = 0; k < length; k++) {
                // Mostly valid characters, so both valid and nearly valid keys come up.
                key.append(random.nextInt(10) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : alphabet.charAt(random.nextInt(64)));
            }
            if (random.nextBoolean()) {
                key.setLength(Math.min(key.length(), 22));
                key.append("==");
            }
            String k = key.toString();
            assertThat(AcceptKey.isValidKey(k)).as(k).isEqualTo(decodesTo16Bytes(k));
        }
    }
}

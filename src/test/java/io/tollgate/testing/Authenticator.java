package io.tollgate.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.tollgate.totp.Base32;
import io.tollgate.totp.KeyUri;
import io.tollgate.totp.Totp;

/** An authenticator app: scans the enrollment page's QR code and shows codes. */
public final class Authenticator {

    private static final Pattern QR = Pattern.compile("<img class=\"qr\" src=\"data:image/png;base64,([^\"]+)\"");

    private final KeyUri key;
    private final Totp totp;

    private Authenticator(KeyUri key) {
        this.key = key;
        this.totp = new Totp(key.algorithm(), Base32.decode(key.secret()), key.digits(), key.period());
    }

    /** Reads the QR code of an enrollment page, as a phone camera would. */
    public static Authenticator scan(String enrollmentPage) {
        Matcher m = QR.matcher(enrollmentPage);
        if (!m.find()) {
            throw new AssertionError("no QR code on the page");
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image))), Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            return new Authenticator(KeyUri.parse(text));
        } catch (Exception e) {
            throw new AssertionError("the QR code does not decode to a key URI", e);
        }
    }

    /** Reads a QR code from a picture of the screen, as a phone camera would: no hint that it is a clean image. */
    public static Authenticator fromPicture(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            return new Authenticator(KeyUri.parse(text));
        } catch (Exception e) {
            throw new AssertionError("no key URI in the picture's QR code", e);
        }
    }

    public KeyUri key() {
        return key;
    }

    /** The code shown now. */
    public String code() {
        return code(0);
    }

    /** The code {@code steps} periods from now (the verification window accepts one step ahead). */
    public String code(int steps) {
        return totp.codeAt(Instant.now().getEpochSecond() + (long) steps * key.period());
    }
}

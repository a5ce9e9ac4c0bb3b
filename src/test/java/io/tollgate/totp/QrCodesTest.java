package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrCodesTest {

    @Test
    void thePngDecodesBackToTheIdenticalKeyUri() throws Exception {
        String uri = new KeyUri("Société Générale", "zoë@example.com", Base32.encode(Secrets.generate(HashAlgorithm.SHA512)),
                HashAlgorithm.SHA512, 8, 30).toUri();
        String dataUri = QrCodes.pngDataUri(uri);
        assertTrue(dataUri.startsWith("data:image/png;base64,"));
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        assertEquals(uri, decoded);
    }

    @Test
    void theQuietZoneIsWhite() throws Exception {
        byte[] png = QrCodes.png(QrCodes.matrix("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int quiet = QrCodes.QUIET_ZONE * QrCodes.PIXELS_PER_MODULE;
        for (int i = 0; i < quiet; i++) {
            assertEquals(0xffffffff, image.getRGB(i, i));
            assertEquals(0xffffffff, image.getRGB(image.getWidth() - 1 - i, i));
        }
    }

    @Test
    void theSvgDrawsTheSameModules() {
        String text = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP";
        var matrix = QrCodes.matrix(text);
        String svg = QrCodes.svg(text);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth()));
        int dark = 0;
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                dark += matrix.get(x, y) ? 1 : 0;
            }
        }
        assertEquals(dark, svg.split("h1v1h-1z", -1).length - 1);
    }
}

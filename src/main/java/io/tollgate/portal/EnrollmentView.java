package io.tollgate.portal;

import io.quarkus.qute.TemplateData;

/** What the enrollment page shows: the QR code and the same details for typing by hand. */
@TemplateData
public record EnrollmentView(String id, String qrDataUri, String secretGroups, String algorithm, int digits,
        int period) {

    /** "JBSW Y3DP EHPK 3PXP": easier to copy by eye in groups of four. */
    public static String groupsOfFour(String base32) {
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(base32, i, Math.min(base32.length(), i + 4));
        }
        return grouped.toString();
    }
}

package io.tollgate.device;

/** A readable name for a browser from its User-Agent, such as "Firefox on Linux". */
public final class DeviceNames {

    private DeviceNames() {
    }

    public static String fromUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Browser";
        }
        String browser = browser(userAgent);
        String system = system(userAgent);
        return system == null ? browser : browser + " on " + system;
    }

    private static String browser(String ua) {
        // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
        if (ua.contains("Edg/") || ua.contains("Edge/")) {
            return "Edge";
        }
        if (ua.contains("OPR/") || ua.contains("Opera")) {
            return "Opera";
        }
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
            return "Firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/")) {
            return ua.contains("HeadlessChrome") ? "Headless Chrome" : "Chrome";
        }
        if (ua.contains("Safari/")) {
            return "Safari";
        }
        return "Browser";
    }

    private static String system(String ua) {
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iOS")) {
            return "iOS";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "macOS";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return null;
    }
}

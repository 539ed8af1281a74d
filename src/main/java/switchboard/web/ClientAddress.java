package switchboard.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the person or machine behind a request. Behind a load balancer every request
 * comes from the balancer, so per-address limits (the login throttle) would lump everyone
 * together; a proxy listed in {@code TRUSTED_PROXIES} may therefore name the client in
 * {@code X-Forwarded-For}. Only a trusted proxy may: from anyone else the header is ignored, or
 * anyone could pick a fresh address per attempt. The header is read from the right, skipping
 * trusted proxies, so a client cannot name itself by sending the header first.
 */
public final class ClientAddress {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** A Host header worth echoing in a link: a DNS name or IPv4 address, or a bracketed IPv6 one, and an optional port. */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");

    private final List<Range> trusted;

    private ClientAddress(List<Range> trusted) {
        this.trusted = trusted;
    }

    /**
     * From {@code TRUSTED_PROXIES}: addresses or CIDR ranges separated by commas or spaces
     * (e.g. {@code 10.0.0.0/8, 192.168.1.5, fd00::/8}); empty trusts no one.
     */
    public static ClientAddress trusting(String list) {
        return new ClientAddress(java.util.Arrays.stream(list.split("[,\\s]+"))
                .filter(s -> !s.isBlank())
                .map(ClientAddress::range)
                .toList());
    }

    public String of(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !isTrusted(remote)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            InetAddress address = literal(hop);
            if (address == null) {
                return remote;
            }
            if (!isTrusted(hop)) {
                return address.getHostAddress();
            }
        }
        return remote;
    }

    /**
     * The address people reached us at, for a link a page shows to be opened elsewhere (a kiosk
     * link, a poll's join address): {@code publicUrl} when set; otherwise the request's
     * {@code Host}, with the scheme a trusted proxy names in {@code X-Forwarded-Proto} (TLS ends at
     * the balancer), else the request's own. A {@code Host} that is not a plain name or address
     * (and port) is not echoed: the node's own address stands in.
     */
    public String origin(Context ctx, String publicUrl) {
        if (!publicUrl.isEmpty()) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        String scheme = ctx.scheme();
        String proto = ctx.header("X-Forwarded-Proto");
        if (proto != null && isTrusted(ctx.req().getRemoteAddr())) {
            String first = proto.split(",", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            scheme = first.equals("https") || first.equals("http") ? first : scheme;
        }
        String host = ctx.header("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            String local = ctx.req().getLocalAddr();
            host = (local.contains(":") ? "[" + local + "]" : local) + ":" + ctx.req().getLocalPort();
        }
        return scheme + "://" + host;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && trusted.stream().anyMatch(r -> r.contains(parsed));
    }

    /** An IP literal, never a name: resolving a header's value through DNS is itself an attack surface. */
    private static InetAddress literal(String text) {
        if (text == null || !LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Range range(String spec) {
        String[] parts = spec.strip().split("/", 2);
        InetAddress base = literal(parts[0]);
        if (base == null) {
            throw new IllegalArgumentException("TRUSTED_PROXIES: '" + spec + "' is not an IP address or CIDR range such as 10.0.0.0/8");
        }
        int max = base.getAddress().length * 8;
        int bits = max;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: '" + spec + "' has a prefix length outside 0 to " + max);
            }
        }
        return new Range(base.getAddress(), bits);
    }

    private record Range(byte[] base, int bits) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != base.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (base[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}

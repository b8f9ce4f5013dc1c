# Varnish in front of Newsroom (Debian's varnish 7.1 with varnish-modules' xkey).
#
# Readers' pages are kept and filled in from their parts (ESI); staff, previews and the admin always
# reach the site. The site purges by cache tag (its Surrogate-Key header becomes xkey here) with a
# PURGE request carrying `xkey-softpurge: tag tag…`: the next reader gets the previous copy while
# Varnish fetches the new one in the background, and nobody waits. A story taken down comes as
# `xkey-purge: …`: gone at once. `make serve-edge`
# runs it; BACKEND_HOST and BACKEND_PORT are filled in from the Makefile.
vcl 4.1;

import std;
import xkey;

backend site {
    .host = "BACKEND_HOST";
    .port = "BACKEND_PORT";
    .first_byte_timeout = 30s;
}

# Who may purge: the site's own app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the site itself."));
        }
        if (req.http.xkey-softpurge) {
            set req.http.purged = xkey.softpurge(req.http.xkey-softpurge);
        } elsif (req.http.xkey-purge) {
            set req.http.purged = xkey.purge(req.http.xkey-purge);
        } else {
            return (synth(400, "Say what to purge in an xkey-softpurge or xkey-purge header."));
        }
        return (synth(200, "Purged " + req.http.purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (a session cookie), previews and the admin are never kept nor answered from the cache.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.url ~ "^/preview/" || req.url ~ "^/admin/") {
        return (pass);
    }
    # Any other cookie (csrftoken) changes nothing on a reader's page.
    unset req.http.Cookie;
    # Tells the site that Varnish fills in the parts of a page itself.
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        set beresp.do_esi = true;
    }
    # The site says how long this cache may keep the page, since it purges what changes.
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", beresp.ttl);
    }
    unset beresp.http.Surrogate-Control;
    if (beresp.http.Content-Type ~ "text/|xml|json") {
        set beresp.do_gzip = true;
    }
    # What the site marks private or uncacheable (staff pages, previews), or that sets a cookie, is
    # never kept. 503s (the database is away) are not kept either: readers get the previous copy.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache" || beresp.status >= 500) {
        if (bereq.is_bgfetch && beresp.status >= 500) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Grace: after a purge or at the end of its lifetime a page is served once more while the new one
    # is fetched (stale-while-revalidate), and for a day while the site cannot answer (stale-if-error).
    set beresp.grace = 1d;
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits == 0) {
        set resp.http.X-Cache = "MISS";
    } elsif (obj.ttl <= 0s) {
        set resp.http.X-Cache = "STALE";
    } else {
        set resp.http.X-Cache = "HIT";
    }
    # What only caches read (the purge keys) or only Varnish needs (its ids) stays here: a live
    # page's "nothing new" poll answer is then under a kilobyte, headers included.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}

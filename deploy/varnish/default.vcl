# Varnish in front of Newsroom (Debian's varnish 7.1 with varnish-modules' xkey).
#
# Readers' pages are kept and filled in from their parts (ESI); staff, previews and the admin always
# reach the site. The site purges by surrogate key (its Surrogate-Key header becomes xkey here) with
# a PURGE request carrying `xkey-softpurge: key key…`, or `xkey-purge: …` for something taken down.
# The cache contract (docs/caching.md):
# - a soft-purged copy may answer for one more second while the new one is fetched; a hard-purged
#   one never again. Answers that are not pages (404, redirects, errors) are never kept.
# - While the site cannot answer, readers get the copy kept here (for a day), else a short page
#   saying so in the page's language: never Varnish's own error.
# - What a client says about how it reached us (X-Forwarded-*, Forwarded) is dropped, and copies
#   are kept by address alone: no request can change what the next reader gets.
# `manage.py varnish_vcl --backend host:port` fills in the backend's address and the site's name;
# `make serve-edge` runs the result.
vcl 4.1;

import std;
import xkey;

backend site {
    .host = "BACKEND_HOST";
    .port = "BACKEND_PORT";
    .first_byte_timeout = 30s;
    # The site is down when two of the last three looks at /health/ failed.
    .probe = {
        .url = "/health/";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
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
    # How the request reached the site is this proxy's to say, not the client's.
    unset req.http.X-Forwarded-Proto;
    unset req.http.X-Forwarded-Host;
    unset req.http.Forwarded;
    set req.http.X-Forwarded-For = client.ip;
    if (req.restarts == 0) {
        unset req.http.site-down;
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
    # A purged copy answers for a second more while its new one is fetched; while the site is down,
    # any copy kept within the day does.
    if (std.healthy(req.backend_hint) && !req.http.site-down) {
        set req.grace = 1s;
    } else {
        set req.grace = 24h;
    }
    return (hash);
}

sub vcl_hash {
    # The site draws every page for its own origin, whatever Host a request named: one copy per address.
    hash_data(req.url);
    return (lookup);
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
    # The site cannot answer (a 5xx): give up this fetch; the reader gets the kept copy, if any.
    if (beresp.status >= 500) {
        return (abandon);
    }
    # Only pages are kept. What is private (staff pages, previews), sets a cookie, is not a page
    # (a 404 that a publication may turn into a page, a redirect) or was drawn while something it
    # shows changed (ttl 0) is fetched again for the next reader.
    if (beresp.status != 200 || beresp.ttl <= 0s || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_backend_error {
    # The site did not answer at all: as for a 5xx.
    return (abandon);
}

sub vcl_synth {
    # A fetch was abandoned (the site is down or failing): look again, this time for any copy kept
    # within the day; with none, a short page saying so in the page's language.
    if (resp.status == 503 && req.restarts == 0 && (req.method == "GET" || req.method == "HEAD")
        && req.url !~ "^/admin/") {
        set req.http.site-down = "1";
        return (restart);
    }
    if (resp.status == 503) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Retry-After = "30";
        set resp.http.Cache-Control = "no-store";
        set resp.http.Content-Security-Policy = "default-src 'none'";
        if (req.url ~ "^/uk(/|$)") {
            set resp.http.Content-Language = "uk";
            synthetic({"<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Сайт ненадовго недоступний | SITE_NAME</title></head>
<body><p>SITE_NAME</p><h1>Сайт ненадовго недоступний</h1>
<p>Ми вже працюємо над цим. Спробуйте ще раз за хвилину.</p>
<p><a href="/uk/">На головну</a></p></body></html>
"});
        } else {
            set resp.http.Content-Language = "en";
            synthetic({"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The site is briefly unavailable | SITE_NAME</title></head>
<body><p>SITE_NAME</p><h1>The site is briefly unavailable</h1>
<p>We are on it. Please try again in a minute.</p>
<p><a href="/">Front page</a></p></body></html>
"});
        }
        return (deliver);
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

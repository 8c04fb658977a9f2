vcl 4.1;
# Warta behind Varnish: anonymous readers get articles, listings, feeds and the
# home page from the cache; admin, previews, POSTs, the comment endpoints and
# anyone with a session or a pending message go to an app server.
#
# The app servers, their health probe, the round-robin director `app` and the
# `purgers` ACL are in backends.vcl beside this file, written for each layout
# by scripts/lib.sh's varnish_backends (README: "Past one machine").
#
# Purging: Wagtail's frontend cache (HTTPBackend) sends `PURGE <path>` with the
# page's Host. Every cached object records the host and the path of the page
# that rendered it (X-Warta-Owner from the app, else its own path without the
# query), so one PURGE bans every variant: query strings (?halaman=2), the
# languages, and the sub-routes of a routable listing.

import std;
import directors;

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();
    # The app trusts the last X-Forwarded-For entry (the address Varnish saw).
    unset req.http.X-Real-IP;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.X-Warta-Host == " + req.http.host +
            " && obj.http.X-Warta-Owner == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.X-Warta-Host == " + req.http.host);
        return (synth(200, "Banned"));
    }
    # A POST may be sent again to another app server when the first one is
    # gone (vcl_backend_error): comment forms are taken once (their stamp).
    if (req.method == "POST") {
        std.cache_req_body(1MB);
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|komentar|i18n|token|dokumen|cari)(/|\?|$)") {
        return (pass);
    }
    # Only the query parameters the pages use are cached (pagination, comment
    # pages, archive filters); anything else (?balas=, previews) is rendered.
    if (req.url ~ "\?" && req.url !~ "\?((halaman|komentar|kategori|tag)=[^&]*&?)+$") {
        return (pass);
    }
    # An editor, or a reader with a message waiting ("Komentar Anda menunggu
    # moderasi"): always fresh.
    if (req.http.Cookie ~ "(^|;\s*)(__Host-)?(sessionid|messages)=") {
        return (pass);
    }
    # One copy per language: the language cookie, else the first language the
    # browser asks for; the app sees the same choice.
    if (req.http.Cookie ~ "(^|;\s*)django_language=en(;|$)") {
        set req.http.Accept-Language = "en";
    } elsif (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Accept-Language = "id";
    } elsif (req.http.Accept-Language ~ "^\s*en") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "id";
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.Accept-Language);
}

sub vcl_backend_fetch {
    # A retry goes to the next healthy app server.
    set bereq.backend = app.backend();
}

sub vcl_backend_response {
    set beresp.http.X-Warta-Host = bereq.http.host;
    if (!beresp.http.X-Warta-Owner) {
        set beresp.http.X-Warta-Owner = regsub(bereq.url, "\?.*$", "");
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status >= 500) {
        # "coba lagi" and friends are for this reader, now.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        # Something for one reader slipped into the page: never shared.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Purged on change; the TTL only bounds what a missed purge can cost (an app
    # server killed between a commit and its purge): as WARTA_PAGE_CACHE_SECONDS.
    set beresp.ttl = 10m;
    # Served while a fresh copy is fetched, or while every app server is sick.
    set beresp.grace = 6h;
    unset beresp.http.Vary;
    return (deliver);
}

sub vcl_backend_error {
    # The app server died under the request (killed, restarting): another one
    # (a refused connection costs nothing), until the probe takes it out. The
    # probe is lenient (5 s, 4 failures in 5): under load a busy server answers
    # slowly but is not dead, and with every server out readers get nothing.
    if (bereq.retries < 4) {
        return (retry);
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "5";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Server sedang sibuk</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Maaf, server sedang sibuk. Silakan coba lagi.</h1>
<p>Server kami sedang sibuk. Tekan tombol Kembali pada peramban Anda: tulisan
Anda masih ada di formulir. Lalu kirim lagi dalam beberapa detik.</p>
</main></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Warta-Host;
    unset resp.http.X-Warta-Owner;
    unset resp.http.Via;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

// libcurl, opened with dlopen the first time twin speaks HTTP (the GitHub
// API, module downloads), not at start-up: libcurl brings in some twenty
// libraries (gnutls, krb5, ldap, rtmp, nghttp2, ...) whose loading and
// relocation was most of a plan's fixed cost (`curl --version` alone takes
// ~22 ms on the reference machine, `git --version` ~5 ms). The package
// depends on libcurl4 all the same (packaging/deb.cmake).
#pragma once

#include <curl/curl.h>

#include "engine/core/result.h"

namespace twin::engine {

/// The libcurl functions twin calls, from libcurl.so.4.
struct CurlLibrary {
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
};

/// The library, opened and globally initialised once (thread-safe; the
/// global clean-up runs at exit). E2101 when libcurl.so.4 cannot be
/// opened or lacks a function.
Result<const CurlLibrary*> curl_library();

}  // namespace twin::engine

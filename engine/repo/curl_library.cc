#include "engine/repo/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace twin::engine {
namespace {

constexpr char kSoname[] = "libcurl.so.4";

// Opened once; never closed (other threads may still hold its functions),
// but curl_global_cleanup runs at exit like the linked library's did.
struct Loaded {
  void* handle = nullptr;
  CurlLibrary lib{};
  decltype(&curl_global_cleanup) global_cleanup = nullptr;
  std::string error;

  Loaded() {
    handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      error = std::string("cannot load ") + kSoname + " (is libcurl4 installed?): " +
              (why ? why : "unknown error");
      return;
    }
    auto global_init = find<decltype(&curl_global_init)>("curl_global_init");
    global_cleanup = find<decltype(&curl_global_cleanup)>("curl_global_cleanup");
    lib.easy_init = find<decltype(lib.easy_init)>("curl_easy_init");
    lib.easy_cleanup = find<decltype(lib.easy_cleanup)>("curl_easy_cleanup");
    lib.easy_setopt = find<decltype(lib.easy_setopt)>("curl_easy_setopt");
    lib.easy_perform = find<decltype(lib.easy_perform)>("curl_easy_perform");
    lib.easy_getinfo = find<decltype(lib.easy_getinfo)>("curl_easy_getinfo");
    lib.easy_strerror = find<decltype(lib.easy_strerror)>("curl_easy_strerror");
    lib.slist_append = find<decltype(lib.slist_append)>("curl_slist_append");
    lib.slist_free_all = find<decltype(lib.slist_free_all)>("curl_slist_free_all");
    if (!error.empty()) return;
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      error = "libcurl's global initialisation failed";
      global_cleanup = nullptr;
    }
  }
  ~Loaded() {
    if (global_cleanup) global_cleanup();
  }

  template <typename Function>
  Function find(const char* name) {
    void* symbol = handle ? ::dlsym(handle, name) : nullptr;
    if (!symbol && error.empty()) error = std::string(kSoname) + " has no " + name;
    return reinterpret_cast<Function>(symbol);
  }
};

}  // namespace

Result<const CurlLibrary*> curl_library() {
  static Loaded loaded;  // C++ makes this initialisation thread-safe
  if (!loaded.error.empty()) return make_error("E2101", loaded.error);
  return &loaded.lib;
}

}  // namespace twin::engine

#include "resources/collect_system.h"

#include <sys/utsname.h>

#include "engine/core/facts.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

std::string fact(const lang::Value& facts, std::string_view key) {
  if (!facts.is_map()) return {};
  for (const auto& [name, value] : facts.as_map())
    if (name == key && value.is_string()) return value.as_string();
  return {};
}

}  // namespace

SystemInfo collect_system(const engine::Host& host) {
  SystemInfo info;
  info.facts = engine::read_facts(host.root());
  info.hostname = fact(info.facts, "hostname");
  info.arch = fact(info.facts, "arch");
  std::string os_release;
  if (auto fs = RootedFs::open(host.root()); fs.ok()) {
    for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
      auto text = fs->read_file(path);
      if (text.ok() && !text->empty()) {
        os_release = *text;
        break;
      }
    }
  }
  info.os_id = engine::os_release_field(os_release, "ID");
  info.os_version_id = engine::os_release_field(os_release, "VERSION_ID");
  info.os_pretty_name = engine::os_release_field(os_release, "PRETTY_NAME");
  struct utsname names {};
  if (host.is_system_root() && ::uname(&names) == 0)
    info.kernel = std::string(names.sysname) + " " + names.release + " " + names.version;
  return info;
}

}  // namespace twin::resources

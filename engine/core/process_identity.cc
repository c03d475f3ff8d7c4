#include "engine/core/process_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace twin::engine {
namespace {

std::string read_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id;
}

struct StatFields {
  char state = '?';
  unsigned long long start_ticks = 0;
};

/// Reads state (field 3) and starttime (field 22) of /proc/PID/stat. The
/// command name (field 2) may hold spaces and parentheses, so parsing
/// starts after its last ')'.
std::optional<StatFields> read_stat(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(text.substr(close + 1));
  StatFields fields;
  rest >> fields.state;
  std::string skip;
  for (int field = 4; field < 22; ++field) rest >> skip;  // ppid .. itrealvalue
  rest >> fields.start_ticks;
  if (!rest) return std::nullopt;
  return fields;
}

}  // namespace

ProcessIdentity current_process() {
  ProcessIdentity me;
  me.pid = static_cast<int>(::getpid());
  me.boot_id = read_boot_id();
  if (auto stat = read_stat(me.pid)) me.start_ticks = stat->start_ticks;
  return me;
}

bool is_running(const ProcessIdentity& who) {
  if (who.pid <= 0) return false;
  if (!who.boot_id.empty()) {
    std::string now = read_boot_id();
    if (!now.empty() && now != who.boot_id) return false;  // rebooted since
  }
  if (::kill(who.pid, 0) != 0 && errno != EPERM) return false;
  auto stat = read_stat(who.pid);
  if (!stat) return true;  // no /proc: the pid exists, assume it is the same process
  if (stat->state == 'Z' || stat->state == 'X') return false;
  return who.start_ticks == 0 || stat->start_ticks == who.start_ticks;
}

nlohmann::json to_json(const ProcessIdentity& who) {
  return {{"pid", who.pid}, {"boot_id", who.boot_id}, {"start_ticks", who.start_ticks}};
}

std::optional<ProcessIdentity> process_identity_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("pid") || !json["pid"].is_number_integer())
    return std::nullopt;
  ProcessIdentity who;
  who.pid = json["pid"].get<int>();
  if (json.contains("boot_id") && json["boot_id"].is_string())
    who.boot_id = json["boot_id"].get<std::string>();
  if (json.contains("start_ticks") && json["start_ticks"].is_number_unsigned())
    who.start_ticks = json["start_ticks"].get<unsigned long long>();
  return who;
}

}  // namespace twin::engine

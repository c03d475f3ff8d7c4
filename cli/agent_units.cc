#include "cli/agent_units.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>
#include <vector>

namespace twin::cli {
namespace {

constexpr std::uint64_t kMinute = 60;
constexpr std::uint64_t kMinSeconds = kMinute;
constexpr std::uint64_t kMaxSeconds = 365 * 24 * 3600;
constexpr std::uint64_t kBootDelay = 5 * kMinute;

// Each line of `text` whose key is `key`, the value after '=' trimmed.
std::optional<std::string> setting(std::string_view text, std::string_view key) {
  std::optional<std::string> found;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != '=') continue;
    std::string_view value = line.substr(key.size() + 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
    found = std::string(value);  // the last one wins, as in systemd
  }
  return found;
}

// Undoes systemd_exec_word on the words of an ExecStart= line.
std::vector<std::string> exec_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        bool doubled =
            (line[i] == '%' || line[i] == '$') && i + 1 < line.size() && line[i + 1] == line[i];
        if ((line[i] == '\\' && i + 1 < line.size()) || doubled) ++i;
        word += line[i];
      }
      ++i;  // the closing quote
    } else {
      for (; i < line.size() && line[i] != ' '; ++i) word += line[i];
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::string seconds_text(std::uint64_t seconds) { return fmt::format("{}s", seconds); }

}  // namespace

engine::Result<AgentInterval> parse_agent_interval(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return engine::make_error(
        "E1701",
        fmt::format("invalid --interval: {}; write a number and a unit: Ns, Nmin, Nh or "
                    "Nd (e.g. 30min), at least 1min",
                    why),
        std::string(text));
  };
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return bad("it does not start with a number");
  if (digits > 9) return bad("the number is too large");
  std::uint64_t number = 0;
  std::from_chars(text.data(), text.data() + digits, number);
  std::string_view unit = text.substr(digits);
  static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 4> kUnits = {
      {{"s", 1}, {"min", kMinute}, {"h", 60 * kMinute}, {"d", 24 * 60 * kMinute}}};
  for (const auto& [name, scale] : kUnits) {
    if (unit != name) continue;
    std::uint64_t seconds = number * scale;
    if (seconds < kMinSeconds) return bad("shorter than 1min");
    if (seconds > kMaxSeconds) return bad("longer than 365d");
    return AgentInterval{seconds, fmt::format("{}{}", number, name)};
  }
  if (unit.empty()) return bad("the unit is missing");
  return bad(fmt::format("unknown unit `{}`", unit));
}

std::optional<std::string> agent_policy_named(std::string_view name) {
  if (name == "report" || name == "safe" || name == "all") return std::string(name);
  return std::nullopt;
}

engine::Result<std::string> systemd_exec_word(std::string_view argument) {
  bool plain = !argument.empty();
  std::string word;
  for (char c : argument) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return engine::make_error("E1703",
                                "a path in the agent's command holds a control character, which "
                                "a unit file cannot carry",
                                std::string(argument));
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("/._-+:@=,").find(c) != std::string_view::npos;
    plain = plain && safe;
    if (c == '\\' || c == '"') word += '\\';
    if (c == '%' || c == '$') word += c;
    word += c;
  }
  return plain ? word : "\"" + word + "\"";
}

engine::Result<std::string> render_agent_service(const AgentUnitSettings& settings) {
  std::string exec;
  for (std::string_view arg :
       {std::string_view(settings.binary), std::string_view("agent"), std::string_view("run"),
        std::string_view("--twin"), std::string_view(settings.twin),
        std::string_view("--apply-policy"), std::string_view(settings.policy)}) {
    auto word = systemd_exec_word(arg);
    if (!word) return word.error();
    exec += (exec.empty() ? "" : " ") + *word;
  }
  // No ProtectSystem=, ProtectHome=, PrivateTmp= or NoNewPrivileges=: the
  // agent applies the twin, which may write anywhere, install packages
  // (whose scripts may run setuid helpers) and restart services.
  return fmt::format(
      "# Written by `twin agent install`; `twin agent uninstall` removes it.\n"
      "[Unit]\n"
      "Description=TwinSync++ agent: pull the twin, apply it as policy {policy} allows, snapshot, "
      "push\n"
      "Wants=network-online.target\n"
      "After=network-online.target\n"
      "\n"
      "[Service]\n"
      "Type=oneshot\n"
      "ExecStart={exec}\n"
      "# 2: changes are pending that the policy did not apply; not a failure.\n"
      "SuccessExitStatus=2\n"
      "Environment=HOME=/root\n"
      "Nice=10\n"
      "IOSchedulingClass=best-effort\n"
      "IOSchedulingPriority=7\n"
      "UMask=0022\n"
      "ProtectClock=yes\n"
      "ProtectKernelLogs=yes\n"
      "RestrictRealtime=yes\n"
      "LockPersonality=yes\n",
      fmt::arg("policy", settings.policy), fmt::arg("exec", exec));
}

std::string render_agent_timer(const AgentInterval& interval) {
  std::string boot = interval.seconds < kBootDelay ? interval.text : "5min";
  // A tenth of the interval spreads a fleet's pulls over time.
  std::uint64_t spread = interval.seconds / 10;
  return fmt::format(
      "# Written by `twin agent install`; `twin agent uninstall` removes it.\n"
      "[Unit]\n"
      "Description=Run the TwinSync++ agent every {interval}\n"
      "\n"
      "[Timer]\n"
      "OnBootSec={boot}\n"
      "OnUnitActiveSec={interval}\n"
      "RandomizedDelaySec={spread}\n"
      "\n"
      "[Install]\n"
      "WantedBy=timers.target\n",
      fmt::arg("interval", interval.text), fmt::arg("boot", boot),
      fmt::arg("spread", seconds_text(spread)));
}

std::optional<std::string> policy_of_service(std::string_view service_text) {
  auto exec = setting(service_text, "ExecStart");
  if (!exec) return std::nullopt;
  auto words = exec_words(*exec);
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == "--apply-policy") return words[i + 1];
  return std::nullopt;
}

std::optional<std::string> interval_of_timer(std::string_view timer_text) {
  return setting(timer_text, "OnUnitActiveSec");
}

}  // namespace twin::cli

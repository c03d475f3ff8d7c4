#include "resources/cron_syntax.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "lang/suggest.h"
#include "lang/value_formats.h"

namespace twin::resources {
namespace {

struct Field {
  std::string_view name;  // for messages: "minute", "day-of-month", ...
  int low;
  int high;
  const std::vector<std::string>* names;  // accepted names, index + first_name_value
  int first_name_value;
};

const std::vector<std::string> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};
const std::vector<std::string> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
const std::vector<std::string> kKeywords = {"@reboot",  "@hourly", "@daily",    "@weekly",
                                            "@monthly", "@yearly", "@annually", "@midnight"};

const std::array<Field, 5> kFields = {{
    {"minute", 0, 59, nullptr, 0},
    {"hour", 0, 23, nullptr, 0},
    {"day-of-month", 1, 31, nullptr, 0},
    {"month", 1, 12, &kMonthNames, 1},
    {"day-of-week", 0, 7, &kDayNames, 0},  // 0 and 7 are both Sunday
}};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The words of `text` separated by blanks, with their offsets.
struct Word {
  std::size_t offset;
  std::string_view text;
};
std::vector<Word> split_blanks(std::string_view text, std::size_t max_words) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size() && words.size() < max_words) {
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i == text.size()) break;
    std::size_t start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    words.push_back({start, text.substr(start, i - start)});
  }
  return words;
}

CronProblem problem_at(std::size_t offset, std::size_t length, std::string message,
                       std::string hint = {}) {
  return CronProblem{offset, std::max<std::size_t>(length, 1), std::move(message), std::move(hint)};
}

// Parses one value (number or name) at text[pos], advancing pos.
std::optional<CronProblem> parse_value(std::string_view text, std::size_t base, std::size_t& pos,
                                       const Field& field, int& value) {
  std::size_t start = pos;
  if (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    long long n = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (n < 1000000) n = n * 10 + (text[pos] - '0');
      ++pos;
    }
    if (n < field.low || n > field.high)
      return problem_at(
          base + start, pos - start,
          fmt::format("{} is out of range {}-{} in the {} field", text.substr(start, pos - start),
                      field.low, field.high, field.name));
    value = static_cast<int>(n);
    return std::nullopt;
  }
  if (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string_view word = text.substr(start, pos - start);
    if (!field.names)
      return problem_at(
          base + start, word.size(),
          fmt::format("names such as \"{}\" are not allowed in the {} field", word, field.name),
          "only the month (jan-dec) and day-of-week (sun-sat) fields take names");
    std::string name = lower(word);
    auto it = std::find(field.names->begin(), field.names->end(), name);
    if (it == field.names->end()) {
      auto guess = lang::closest_name(name, *field.names);
      return problem_at(
          base + start, word.size(), fmt::format("unknown {} name \"{}\"", field.name, word),
          guess ? fmt::format("did you mean \"{}\"?", *guess)
                : fmt::format("use {}-{}", field.names->front(), field.names->back()));
    }
    value = static_cast<int>(it - field.names->begin()) + field.first_name_value;
    return std::nullopt;
  }
  if (pos == text.size())
    return problem_at(base + (start ? start - 1 : 0), 1,
                      fmt::format("missing value in the {} field", field.name));
  return problem_at(
      base + pos, 1,
      fmt::format("unexpected {} in the {} field", lang::describe_char(text[pos]), field.name));
}

// One list item: `*`, `*/S`, `N`, `N-M`, `N-M/S`.
std::optional<CronProblem> check_item(std::string_view item, std::size_t base, const Field& field) {
  std::size_t pos = 0;
  bool ranged = false;
  if (item.empty())
    return problem_at(base, 1, fmt::format("empty list item in the {} field", field.name));
  if (item[0] == '*') {
    pos = 1;
    ranged = true;
  } else {
    int first = 0;
    if (auto p = parse_value(item, base, pos, field, first)) return p;
    if (pos < item.size() && item[pos] == '-') {
      ++pos;
      int last = 0;
      std::size_t last_start = pos;
      if (auto p = parse_value(item, base, pos, field, last)) return p;
      if (first > last)
        return problem_at(
            base, pos,
            fmt::format("range {} is backwards in the {} field", item.substr(0, pos), field.name),
            fmt::format("write the smaller value first, e.g. {}-{}",
                        item.substr(last_start, pos - last_start), item.substr(0, last_start - 1)));
      ranged = true;
    }
  }
  if (pos < item.size() && item[pos] == '/') {
    if (!ranged)
      return problem_at(base, item.size(),
                        fmt::format("a step needs a range or `*` in the {} field", field.name),
                        fmt::format("write `*{}` or `{}-{}{}`", item.substr(pos),
                                    item.substr(0, pos), field.high, item.substr(pos)));
    std::size_t step_start = ++pos;
    long long step = 0;
    while (pos < item.size() && std::isdigit(static_cast<unsigned char>(item[pos]))) {
      if (step < 1000000) step = step * 10 + (item[pos] - '0');
      ++pos;
    }
    if (pos == step_start)
      return problem_at(base + step_start - 1, 1,
                        fmt::format("missing step after '/' in the {} field", field.name));
    if (step < 1 || step > field.high)
      return problem_at(
          base + step_start, pos - step_start,
          fmt::format("step {} is out of range 1-{} in the {} field",
                      item.substr(step_start, pos - step_start), field.high, field.name));
  }
  if (pos < item.size())
    return problem_at(
        base + pos, 1,
        fmt::format("unexpected {} in the {} field", lang::describe_char(item[pos]), field.name));
  return std::nullopt;
}

std::optional<CronProblem> check_field(std::string_view text, std::size_t base,
                                       const Field& field) {
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::size_t end = comma == std::string_view::npos ? text.size() : comma;
    if (auto p = check_item(text.substr(start, end - start), base + start, field)) return p;
    if (comma == std::string_view::npos) return std::nullopt;
    start = comma + 1;
  }
}

std::optional<CronProblem> check_keyword(std::string_view word, std::size_t offset) {
  if (std::find(kKeywords.begin(), kKeywords.end(), word) != kKeywords.end()) return std::nullopt;
  auto guess = lang::closest_name(word, kKeywords);
  return problem_at(offset, word.size(), fmt::format("unknown schedule keyword \"{}\"", word),
                    guess ? fmt::format("did you mean \"{}\"?", *guess)
                          : "use @reboot, @hourly, @daily, @weekly, @monthly, @yearly, "
                            "@annually or @midnight");
}

// Checks the five time fields in `words`; all five must be present.
std::optional<CronProblem> check_fields(const std::vector<Word>& words) {
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (auto p = check_field(words[i].text, words[i].offset, kFields[i])) return p;
  return std::nullopt;
}

}  // namespace

std::optional<CronProblem> check_schedule(std::string_view schedule) {
  auto words = split_blanks(schedule, 6);
  if (words.empty()) return problem_at(0, schedule.size(), "empty schedule", kScheduleHint);
  if (words[0].text.front() == '@') {
    if (auto p = check_keyword(words[0].text, words[0].offset)) return p;
    if (words.size() > 1)
      return problem_at(words[1].offset, schedule.size() - words[1].offset,
                        fmt::format("unexpected text after \"{}\"", words[0].text),
                        "a keyword schedule is the keyword alone");
    return std::nullopt;
  }
  if (words.size() != 5) {
    std::size_t count = split_blanks(schedule, schedule.size()).size();
    return problem_at(0, schedule.size(), fmt::format("expected 5 fields, found {}", count),
                      kScheduleHint);
  }
  return check_fields(words);
}

std::optional<CronProblem> check_command(std::string_view command) {
  std::size_t bad = command.find_first_of(std::string_view("\n\r\0", 3));
  if (bad != std::string_view::npos)
    return problem_at(bad, 1,
                      fmt::format("a command must be one line; found {}",
                                  command[bad] == '\n'   ? "a newline"
                                  : command[bad] == '\r' ? "a carriage return"
                                                         : "a NUL byte"),
                      "join the lines with `&&` or `;`, or call a script");
  if (command.find_first_not_of(" \t") == std::string_view::npos)
    return problem_at(0, command.size(), "empty command", "write the command to run");
  return std::nullopt;
}

bool has_unescaped_percent(std::string_view command) {
  for (std::size_t i = 0; i < command.size(); ++i) {
    if (command[i] == '\\')
      ++i;  // cron keeps "\%" as a literal '%'
    else if (command[i] == '%')
      return true;
  }
  return false;
}

CronLineCheck check_crontab_line(std::string_view line) {
  CronLineCheck out;
  if (std::size_t cr = line.find('\r'); cr != std::string_view::npos) {
    out.kind = CronLineKind::kJob;
    out.problem =
        problem_at(cr, 1, "carriage return in line", "save the file with Unix line endings");
    return out;
  }
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return out;  // blank
  if (line[start] == '#') {
    out.kind = CronLineKind::kComment;
    return out;
  }
  char first = line[start];
  bool job_like = first == '*' || first == '@' || std::isdigit(static_cast<unsigned char>(first));
  if (!job_like) {
    // cron's load_env(): NAME (or a quoted name), optional blanks, '='.
    std::size_t pos = start;
    if (first == '"' || first == '\'') {
      std::size_t close = line.find(first, start + 1);
      pos = close == std::string_view::npos ? line.size() : close + 1;
    } else {
      while (pos < line.size() && !is_blank(line[pos]) && line[pos] != '=') ++pos;
    }
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos < line.size() && line[pos] == '=' && pos > start) {
      out.kind = CronLineKind::kEnvironment;
      return out;
    }
    out.kind = CronLineKind::kJob;
    out.problem = problem_at(
        start, line.size() - start, "line is not a job, a comment or a VAR=value setting",
        "a job is a schedule and a command, e.g. \"0 3 * * * /usr/bin/backup\"");
    return out;
  }
  out.kind = CronLineKind::kJob;
  std::string_view rest = line.substr(start);
  std::size_t need = first == '@' ? 1 : 5;
  auto words = split_blanks(rest, need);
  for (auto& w : words) w.offset += start;
  if (first == '@') {
    out.problem = check_keyword(words[0].text, words[0].offset);
  } else if (words.size() < need) {
    out.problem = problem_at(start, line.size() - start,
                             fmt::format("expected 5 time fields and a command, found {} field{}",
                                         words.size(), words.size() == 1 ? "" : "s"),
                             kScheduleHint);
  } else {
    out.problem = check_fields(words);
  }
  if (out.problem) return out;
  std::size_t command_start = words.back().offset + words.back().text.size();
  std::string_view command = line.substr(command_start);
  if (command.find_first_not_of(" \t") == std::string_view::npos)
    out.problem =
        problem_at(start, line.size() - start, "missing command after the schedule",
                   "write the command after the schedule, e.g. \"@daily /usr/bin/backup\"");
  return out;
}

std::vector<CronTextProblem> check_crontab_text(std::string_view text) {
  std::vector<CronTextProblem> problems;
  unsigned number = 1;
  for (std::size_t start = 0; start < text.size(); ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    CronLineCheck check = check_crontab_line(text.substr(start, end - start));
    if (check.problem) problems.push_back({number, start, std::move(*check.problem)});
    start = end + 1;
  }
  return problems;
}

std::string crontab_header(std::string_view file_name, std::time_t when) {
  std::tm tm{};
  ::localtime_r(&when, &tm);
  char date[64];
  // ctime()'s layout, which crontab prints with "%-24.24s".
  std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
  return fmt::format(
      "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
      "# ({} installed on {})\n"
      "# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n",
      file_name, date);
}

std::string strip_crontab_header(std::string_view spool_text) {
  constexpr std::string_view kPrefixes[] = {"# DO NOT EDIT THIS FILE", "# (", "# (Cron version"};
  std::string_view rest = spool_text;
  for (std::string_view prefix : kPrefixes) {
    if (!rest.starts_with(prefix)) break;
    std::size_t nl = rest.find('\n');
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  return std::string(rest);
}

}  // namespace twin::resources

#include "resources/collect_live.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace twin::resources {
namespace {

std::string finish(YAML::Emitter& out) { return std::string(out.c_str()) + "\n"; }

void emit_value(YAML::Emitter& out, const lang::Value& value) {
  if (value.is_map()) {
    out << YAML::BeginMap;
    for (const auto& [key, v] : value.as_map()) {
      out << YAML::Key << key << YAML::Value;
      emit_value(out, v);
    }
    out << YAML::EndMap;
  } else if (value.is_string()) {
    out << YAML::DoubleQuoted << value.as_string();
  } else {
    out << value.to_source();
  }
}

}  // namespace

std::string system_yaml(const SystemInfo& info, const std::string& captured_at) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "captured_at" << YAML::Value << captured_at;
  out << YAML::Key << "hostname" << YAML::Value << YAML::DoubleQuoted << info.hostname;
  out << YAML::Key << "os" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << info.os_id;
  out << YAML::Key << "version_id" << YAML::Value << YAML::DoubleQuoted << info.os_version_id;
  out << YAML::Key << "pretty_name" << YAML::Value << YAML::DoubleQuoted << info.os_pretty_name;
  out << YAML::EndMap;
  out << YAML::Key << "arch" << YAML::Value << YAML::DoubleQuoted << info.arch;
  out << YAML::Key << "kernel" << YAML::Value;
  if (info.kernel)
    out << YAML::DoubleQuoted << *info.kernel;
  else
    out << YAML::Null;
  out << YAML::Key << "facts" << YAML::Value;
  emit_value(out, info.facts);
  out << YAML::EndMap;
  return finish(out);
}

std::string packages_yaml(const PackagesCollection& packages) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  if (packages.note) out << YAML::Key << "note" << YAML::Value << *packages.note;
  out << YAML::Key << "packages" << YAML::Value << YAML::BeginSeq;
  for (const auto& p : packages.packages) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << p.name;
    out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << p.version;
    out << YAML::Key << "arch" << YAML::Value << p.architecture;
    out << YAML::Key << "manual" << YAML::Value << p.manual;
    if (p.held) out << YAML::Key << "held" << YAML::Value << true;
    if (p.essential) out << YAML::Key << "essential" << YAML::Value << true;
    if (!p.priority.empty()) out << YAML::Key << "priority" << YAML::Value << p.priority;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return finish(out);
}

std::string services_yaml(const ServicesCollection& services) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "manager_runs" << YAML::Value << services.manager_runs;
  if (services.note) out << YAML::Key << "note" << YAML::Value << *services.note;
  out << YAML::Key << "services" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : services.services) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "unit" << YAML::Value << s.unit;
    out << YAML::Key << "unit_file_state" << YAML::Value << s.unit_file_state;
    if (s.active_state) out << YAML::Key << "active_state" << YAML::Value << *s.active_state;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return finish(out);
}

std::string files_yaml(const FilesCollection& files) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "roots" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : files.roots) out << YAML::DoubleQuoted << r.path;
  out << YAML::EndSeq;
  out << YAML::Key << "files" << YAML::Value << files.files.size();
  out << YAML::Key << "package_defaults" << YAML::Value << YAML::BeginSeq;
  for (const auto& d : files.package_defaults)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "path" << YAML::Value << YAML::DoubleQuoted
        << d.path << YAML::Key << "package" << YAML::Value << d.package << YAML::EndMap;
  out << YAML::EndSeq;
  out << YAML::Key << "binary_skipped" << YAML::Value << files.binary_skipped;
  out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
  for (const auto& l : files.links)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "path" << YAML::Value << YAML::DoubleQuoted
        << l.path << YAML::Key << "target" << YAML::Value << YAML::DoubleQuoted << l.target
        << YAML::EndMap;
  out << YAML::EndSeq << YAML::Key << "directories" << YAML::Value << YAML::BeginSeq;
  for (const auto& d : files.dirs) out << YAML::DoubleQuoted << d.path;
  out << YAML::EndSeq << YAML::Key << "skipped" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : files.skipped)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "path" << YAML::Value << YAML::DoubleQuoted
        << s.path << YAML::Key << "reason" << YAML::Value << s.reason << YAML::EndMap;
  out << YAML::EndSeq << YAML::EndMap;
  return finish(out);
}

std::string crontabs_yaml(const CrontabsCollection& crontabs) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "crontabs" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : crontabs.crontabs) {
    out << YAML::BeginMap << YAML::Key << "user" << YAML::Value << c.user;
    out << YAML::Key << "text" << YAML::Value << YAML::Literal << c.text;
    if (c.problem) out << YAML::Key << "problem" << YAML::Value << *c.problem;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "skipped" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : crontabs.skipped) out << s;
  out << YAML::EndSeq << YAML::EndMap;
  return finish(out);
}

std::string logs_index_yaml(const LogsCollection& logs, const std::string& captured_at) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "captured_at" << YAML::Value << captured_at;
  std::size_t errors = 0;
  for (const auto& l : logs.logs) errors += l.errors;
  out << YAML::Key << "errors" << YAML::Value << errors;
  out << YAML::Key << "logs" << YAML::Value << YAML::BeginSeq;
  for (const auto& l : logs.logs)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "file" << YAML::Value << l.name
        << YAML::Key << "source" << YAML::Value << l.source << YAML::Key << "lines"
        << YAML::Value << l.lines << YAML::Key << "errors" << YAML::Value << l.errors
        << YAML::EndMap;
  out << YAML::EndSeq << YAML::Key << "notes" << YAML::Value << YAML::BeginSeq;
  for (const auto& n : logs.notes) out << n;
  out << YAML::EndSeq << YAML::EndMap;
  return finish(out);
}

}  // namespace twin::resources

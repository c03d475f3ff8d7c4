// live/*.yaml: what a snapshot observed, as plain data for people, scripts
// and AI agents to read (the desired state is in state/). One file per
// collector; keys are stable, lists are sorted.
#pragma once

#include <string>

#include "resources/collect_crontabs.h"
#include "resources/collect_files.h"
#include "resources/collect_logs.h"
#include "resources/collect_packages.h"
#include "resources/collect_services.h"
#include "resources/collect_system.h"

namespace twin::resources {

std::string system_yaml(const SystemInfo& info, const std::string& captured_at);
std::string packages_yaml(const PackagesCollection& packages);
std::string services_yaml(const ServicesCollection& services);
/// Roots, counts, links and every skipped path with its reason (file bytes
/// are in filesystem/, not here).
std::string files_yaml(const FilesCollection& files);
std::string crontabs_yaml(const CrontabsCollection& crontabs);
/// logs/current/index.yaml: when, and per log its source, lines and errors.
std::string logs_index_yaml(const LogsCollection& logs, const std::string& captured_at);

}  // namespace twin::resources

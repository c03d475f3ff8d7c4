// The value formats that know the system, registered with the checker: the
// schemas in stdlib/ name them (`title_format = "package_name"`), and each
// checks with the very rule the provider applies (resources/debian_names.h,
// systemd_names.h, account_names.h, cron_syntax.h), so the two cannot drift.
#pragma once

#include "lang/value_formats.h"

namespace twin::resources {

/// Adds, in documentation order: package_name, debian_version, unit_name,
/// user_name, group_name, user_or_id, group_or_id, cron_schedule.
void register_value_formats(lang::FormatRegistry& registry);

/// Every format a schema may use: lang's generic ones (mode, absolute_path,
/// relative_path), then those above. Built once; what `twin` loads the
/// stdlib schemas with.
const lang::FormatRegistry& value_formats();

}  // namespace twin::resources

// The metaparameters every resource type accepts, and what they mean to the
// engine: require/before/notify/subscribe (ordering and refresh) and
// `ensure` values that remove something.
#pragma once

#include <string_view>
#include <vector>

#include "engine/core/graph.h"
#include "engine/core/plan.h"

namespace twin::engine {

/// The dependencies written on `resource` (references, or lists of them).
std::vector<Dependency> declared_dependencies(const Resource& resource);

/// True when `ensure` asks for the resource to go away ("absent", "purged").
bool is_removal(const Resource& resource);

/// True for the attribute names the engine interprets on every type.
bool is_metaparameter(std::string_view name);

}  // namespace twin::engine

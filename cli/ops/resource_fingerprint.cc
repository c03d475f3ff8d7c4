#include "cli/ops/resource_fingerprint.h"

#include <algorithm>
#include <vector>

#include "engine/core/twin_read.h"
#include "lang/sha256.h"

namespace twin::ops {
namespace {

void append_declaration(std::string& out, const engine::Resource& resource) {
  out += resource.address();
  out += '{';
  std::vector<const lang::Attribute*> attributes;
  for (const auto& attribute : resource.attributes) attributes.push_back(&attribute);
  std::stable_sort(attributes.begin(), attributes.end(),
                   [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* attribute : attributes) {
    out += attribute->name;
    out += '=';
    out += attribute->value.to_source();
    out += '\n';
  }
  for (const auto& child : resource.children) append_declaration(out, child);
  out += '}';
}

}  // namespace

std::string resource_fingerprint(const engine::Resource& resource,
                                 const std::filesystem::path& twin_dir) {
  std::string out;
  append_declaration(out, resource);
  if (const std::string* source = resource.get_string("source")) {
    auto bytes = engine::read_twin_file(twin_dir, *source);
    out += bytes ? "sha256:" + lang::sha256_hex(*bytes) : "unreadable:" + bytes.error().message;
  }
  return out;
}

}  // namespace twin::ops

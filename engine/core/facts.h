// The `facts` a manifest can read (facts.os.id, facts.os.version_id,
// facts.hostname, facts.arch): observed from the target root, so a sandbox
// root gives the sandbox's facts. The parsing is pure and tested apart from
// the reading.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "lang/value.h"

namespace twin::engine {

/// The value of KEY in os-release text (`KEY=value`, `KEY="value"`), or "".
std::string os_release_field(std::string_view os_release, std::string_view key);

/// Debian's name for a `uname -m` machine ("x86_64" -> "amd64",
/// "aarch64" -> "arm64"); other names pass through.
std::string debian_arch(std::string_view machine);

/// { os = { id, version_id }, hostname, arch } from the texts of
/// etc/os-release and etc/hostname and the machine name. Missing pieces are
/// empty strings, so every fact exists and typos are still caught.
lang::Value make_facts(std::string_view os_release, std::string_view hostname,
                       std::string_view machine);

/// make_facts() for `root`: reads root/etc/os-release (falling back to
/// root/usr/lib/os-release), root/etc/hostname, and uname(2)'s machine.
/// Unreadable files give empty facts, never an error.
lang::Value read_facts(const std::filesystem::path& root);

}  // namespace twin::engine

#include "resources/file_spec.h"

#include <fmt/format.h>

#include "lang/value_formats.h"
#include "resources/debian_names.h"
#include "resources/error_codes.h"
#include "resources/path_rules.h"
#include "resources/secret_file_store.h"

namespace twin::resources {
namespace {


std::string_view ensure_text(Ensure ensure) {
  switch (ensure) {
    case Ensure::kFile:
      return "file";
    case Ensure::kDirectory:
      return "directory";
    case Ensure::kLink:
      return "link";
    case Ensure::kAbsent:
      return "absent";
  }
  return "file";
}

// The attribute's string; null (a schema violation) when it is not one.
const std::string* string_value(const lang::Attribute& attr) {
  return attr.value.is_string() ? &attr.value.as_string() : nullptr;
}

void check_title(const engine::Resource& resource, lang::DiagnosticSink& sink, bool& ok) {
  if (auto problem = absolute_path_problem(resource.title)) {
    sink.error(codes::kDiagBadTitle, fmt::format("invalid file path: {}", *problem),
           resource.title_span,
           "a file's title is its absolute, normal path, e.g. \"/etc/motd\" "
           "(no '.', '..', '//' or trailing '/')");
    ok = false;
    return;
  }
  // The machine's trust list says whose signatures approve risky changes
  // (cli/ops/signed_approval.h): a twin that could write it could approve
  // itself, so no file resource (and no mirror) ever manages it.
  if (resource.title == kTrustDir || resource.title.starts_with(std::string(kTrustDir) + "/")) {
    sink.error(codes::kDiagTrustConfig,
               fmt::format("{} is the machine's own trust configuration; no twin manages it",
                           kTrustDir),
               resource.title_span, "edit it on the machine, as root");
    ok = false;
  }
}

}  // namespace

std::optional<mode_t> parse_mode(std::string_view text) {
  if (lang::mode_problem(text)) return std::nullopt;
  mode_t mode = 0;
  for (char c : text) mode = mode * 8 + static_cast<mode_t>(c - '0');
  return mode;
}

std::optional<FileSpec> read_file_spec(const engine::Resource& resource, const AccountDb& accounts,
                                       lang::DiagnosticSink& sink,
                                       const AccountMadeByTwin& made_by_twin) {
  FileSpec spec;
  spec.path = resource.title;
  bool ok = true;
  bool schema_ok = true;  // false: the checker reports it; we only refuse
  check_title(resource, sink, ok);

  const lang::Attribute* content_attr = nullptr;
  const lang::Attribute* source_attr = nullptr;
  const lang::Attribute* package_attr = nullptr;
  const lang::Attribute* secret_attr = nullptr;
  const lang::Attribute* target_attr = nullptr;
  const lang::Attribute* mode_attr = nullptr;
  std::vector<const lang::Attribute*> metadata_attrs;  // invalid with ensure = "absent"
  const lang::Attribute* ensure_attr = nullptr;

  // Unknown attributes are left alone: the checker reports them, and the
  // metaparameters (require, allow_risky, ...) are the engine's.
  for (const auto& attr : resource.attributes) {
    const std::string& name = attr.name;
    if (name == "ensure") {
      ensure_attr = &attr;
      const std::string* text = string_value(attr);
      if (text && *text == "file")
        spec.ensure = Ensure::kFile;
      else if (text && *text == "directory")
        spec.ensure = Ensure::kDirectory;
      else if (text && *text == "link")
        spec.ensure = Ensure::kLink;
      else if (text && *text == "absent")
        spec.ensure = Ensure::kAbsent;
      else
        schema_ok = false;
    } else if (name == "content") {
      content_attr = &attr;
      const std::string* text = string_value(attr);
      if (text) spec.content = *text;
      else schema_ok = false;
    } else if (name == "source") {
      source_attr = &attr;
      const std::string* text = string_value(attr);
      if (!text) {
        schema_ok = false;
        continue;
      }
      // Checked here too, not only by the checker's format: a source path
      // must never climb out of the twin, whoever calls us.
      if (auto problem = relative_path_problem(*text)) {
        sink.error(codes::kDiagBadSource, fmt::format("invalid source path: {}", *problem),
               attr.value.span,
               "`source` names a file inside the twin directory, e.g. \"files/motd\"");
        ok = false;
        continue;
      }
      spec.source = *text;
    } else if (name == "package_default") {
      package_attr = &attr;
      const std::string* text = string_value(attr);
      // The checker's format says the same; checked again because the name
      // reaches apt-get's argv.
      if (!text || package_name_problem(*text)) {
        schema_ok = false;
        continue;
      }
      spec.package_default = *text;
    } else if (name == "machine_secret") {
      secret_attr = &attr;
      const std::string* text = string_value(attr);
      if (!text) {
        schema_ok = false;
        continue;
      }
      if (!is_secret_copy_id(*text)) {
        sink.error(codes::kDiagBadSecretCopy,
                   fmt::format("invalid machine_secret \"{}\": not the id of a kept copy", *text),
                   attr.value.span,
                   "a snapshot writes it (32 hexadecimal digits): it names the bytes this "
                   "machine kept for this path in .twin/secret-files");
        ok = false;
        continue;
      }
      spec.machine_secret = *text;
      spec.sensitive = true;
    } else if (name == "target") {
      target_attr = &attr;
      const std::string* text = string_value(attr);
      if (!text) {
        schema_ok = false;
        continue;
      }
      if (text->empty() || text->size() >= 4096 || text->find('\0') != std::string::npos) {
        sink.error(codes::kDiagBadLinkTarget,
                   text->empty() ? "a link target cannot be empty"
                                 : "a link target must be under 4096 bytes, without NUL",
                   attr.value.span, "write the path the link points to, e.g. \"../lib/x\"");
        ok = false;
        continue;
      }
      spec.target = *text;
    } else if (name == "mode") {
      mode_attr = &attr;
      metadata_attrs.push_back(&attr);
      const std::string* text = string_value(attr);
      if (text) spec.mode = parse_mode(*text);
      if (!spec.mode) schema_ok = false;
    } else if (name == "owner" || name == "group") {
      metadata_attrs.push_back(&attr);
      const std::string* text = string_value(attr);
      if (!text) {
        schema_ok = false;
        continue;
      }
      bool is_owner = name == "owner";
      auto id = is_owner ? accounts.resolve_user(*text) : accounts.resolve_group(*text);
      if (!id && made_by_twin && made_by_twin(is_owner, *text)) {
        (is_owner ? spec.owner_to_make : spec.group_to_make) = *text;
        continue;
      }
      if (!id) {
        sink.error(is_owner ? codes::kDiagUnknownOwner : codes::kDiagUnknownGroup,
               fmt::format("unknown {} \"{}\" on the target", is_owner ? "user" : "group", *text),
               attr.value.span,
               fmt::format("names are looked up in the target root's {}; a numeric id also works",
                           is_owner ? "etc/passwd" : "etc/group"));
        ok = false;
        continue;
      }
      (is_owner ? spec.uid : spec.gid) = *id;
    } else if (name == "sensitive") {
      if (attr.value.is_bool()) spec.sensitive = attr.value.as_bool();
      else schema_ok = false;
    }
  }

  if ((content_attr != nullptr) + (source_attr != nullptr) + (package_attr != nullptr) +
          (secret_attr != nullptr) >
      1)
    schema_ok = false;
  if (spec.ensure == Ensure::kLink) {
    if (!target_attr)
      sink.error(codes::kDiagBadLinkTarget, "a link needs `target`", resource.title_span,
                 "add target = \"PATH\", the path the link points to");
    if (mode_attr)  // Linux has no symlink modes: the kernel ignores them
      sink.error(codes::kDiagContentOnNonFile, "`mode` has no meaning with ensure = \"link\"",
                 mode_attr->name_span, "remove it: a link's permissions are its target's");
    if (!target_attr || mode_attr) ok = false;
  } else if (target_attr) {
    sink.error(codes::kDiagContentOnNonFile,
               fmt::format("`target` has no meaning with ensure = \"{}\"", ensure_text(spec.ensure)),
               target_attr->name_span, "use ensure = \"link\", or remove it");
    ok = false;
  }
  if (spec.ensure != Ensure::kFile) {
    for (const auto* attr : {content_attr, source_attr, package_attr, secret_attr}) {
      if (!attr) continue;
      sink.error(codes::kDiagContentOnNonFile,
             fmt::format("`{}` has no meaning with ensure = \"{}\"", attr->name,
                         ensure_text(spec.ensure)),
             attr->name_span, "remove it, or use ensure = \"file\"");
      ok = false;
    }
  }
  if (spec.ensure == Ensure::kAbsent) {
    for (const auto* attr : metadata_attrs) {
      sink.error(codes::kDiagContentOnNonFile,
             fmt::format("`{}` has no meaning with ensure = \"absent\"", attr->name),
             attr->name_span, "remove it");
      ok = false;
    }
  }
  if (ok && schema_ok && resource.title == "/" && spec.ensure != Ensure::kDirectory) {
    sink.error(codes::kDiagBadTitle, "\"/\" can only be declared with ensure = \"directory\"",
           ensure_attr ? ensure_attr->value.span : resource.title_span);
    ok = false;
  }
  if (!ok || !schema_ok) return std::nullopt;
  // A package's default is what dpkg installs: 0644 root:root (a snapshot
  // records only such files this way), unless the declaration says else.
  if (spec.package_default) {
    if (!spec.mode) spec.mode = 0644;
    if (!spec.uid && !spec.owner_to_make) spec.uid = 0;
    if (!spec.gid && !spec.group_to_make) spec.gid = 0;
  }
  // Private TLS keys live here: never shown, whatever the manifest says.
  if (spec.path.rfind("/etc/ssl/private/", 0) == 0) spec.sensitive = true;
  return spec;
}

}  // namespace twin::resources

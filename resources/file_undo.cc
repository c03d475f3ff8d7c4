#include "resources/file_undo.h"

#include "resources/error_codes.h"
#include "resources/utf8.h"

namespace twin::resources {
namespace {

using engine::make_error;
using engine::Status;
using nlohmann::json;

json encode_bytes(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : s) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return json{{"hex", hex}};
}

std::optional<std::string> decode_bytes(const json& j) {
  if (j.is_string()) return j.get_ref<const std::string&>();
  if (!j.is_object() || !j.contains("hex") || !j["hex"].is_string()) return std::nullopt;
  const auto& hex = j["hex"].get_ref<const std::string&>();
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

// Reads an unsigned number field without letting nlohmann throw.
std::optional<unsigned> number_field(const json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_unsigned()) return std::nullopt;
  return j[name].get<unsigned>();
}

Status bad_record(std::string_view why) {
  return make_error(codes::kBadUndoRecord, "malformed file undo record: " + std::string(why));
}

// Removes whatever stands at `path` (a directory only when empty).
Status clear_path(const RootedFs& fs, const std::string& path) {
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  if (!meta->has_value()) return {};
  if ((*meta)->kind == FileKind::kDirectory) {
    auto empty = fs.is_empty_dir(path);
    if (!empty) return empty.error();
    if (!*empty)
      return make_error(codes::kDirNotEmpty,
                        "cannot undo: directory is no longer empty; its new entries were not "
                        "made by this apply",
                        path);
  }
  return fs.remove(path);
}

/// True when `path` already is exactly what the record says stood there:
/// the step it protects failed (or was killed) before changing it, so
/// there is nothing to undo, and trying would fail where nothing may be
/// written (a read-only mount) and call a harmless failure incomplete.
engine::Result<bool> already_as_before(const RootedFs& fs, const std::string& path,
                                       const std::string& kind, mode_t mode, uid_t uid, gid_t gid,
                                       const std::string* bytes, const std::string* target) {
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  if (!meta->has_value()) return false;
  const FileMeta& now = **meta;
  if (kind_name(now.kind) != kind || now.uid != uid || now.gid != gid) return false;
  // A symlink's own mode cannot be set on Linux; its target and owner are it.
  if (now.kind != FileKind::kSymlink && now.mode != mode) return false;
  if (bytes) {
    if (now.size != bytes->size()) return false;
    auto content = fs.read_file(path);
    if (!content) return content.error();
    return *content == *bytes;
  }
  if (target) {
    auto link = fs.read_link(path);
    if (!link) return link.error();
    return *link == *target;
  }
  return true;
}

Status restore(const RootedFs& fs, const std::string& path, const json& before,
               const engine::Checkpoint& checkpoint) {
  // The step this record protects may have been killed between creating
  // its temporary file and renaming it into place; the record names the
  // path, and so the temporary name too.
  if (auto st = fs.remove_leftover_temp(path); !st) return st;
  if (before.is_null()) return clear_path(fs, path);
  auto kind = before.is_object() && before.contains("kind") && before["kind"].is_string()
                  ? before["kind"].get_ref<const std::string&>()
                  : std::string();
  auto mode = number_field(before, "mode");
  auto uid = number_field(before, "uid");
  auto gid = number_field(before, "gid");
  if (!mode || !uid || !gid) return bad_record("missing mode, uid or gid");

  if (kind == "file") {
    if (!before.contains("blob") || !before["blob"].is_string()) return bad_record("no blob");
    auto bytes = checkpoint.read_blob(before["blob"].get_ref<const std::string&>());
    if (!bytes) return bytes.error();
    auto same = already_as_before(fs, path, kind, *mode, *uid, *gid, &*bytes, nullptr);
    if (!same) return same.error();
    if (*same) return {};
    auto meta = fs.lstat(path);
    if (!meta) return meta.error();
    // A rename cannot replace a directory, so one standing there goes first.
    if (meta->has_value() && (*meta)->kind == FileKind::kDirectory)
      if (auto st = clear_path(fs, path); !st) return st;
    return fs.write_file_atomic(path, *bytes, *mode, *uid, *gid);
  }
  if (kind == "directory") {
    auto meta = fs.lstat(path);
    if (!meta) return meta.error();
    if (meta->has_value() && (*meta)->kind == FileKind::kDirectory) {
      if ((*meta)->mode == *mode && (*meta)->uid == *uid && (*meta)->gid == *gid) return {};
      if (auto st = fs.chown(path, *uid, *gid); !st) return st;
      return fs.chmod(path, *mode);
    }
    if (auto st = clear_path(fs, path); !st) return st;
    return fs.make_dir(path, *mode, *uid, *gid);
  }
  if (kind == "symlink") {
    auto target = before.contains("target") ? decode_bytes(before["target"]) : std::nullopt;
    if (!target) return bad_record("no symlink target");
    auto same = already_as_before(fs, path, kind, *mode, *uid, *gid, nullptr, &*target);
    if (!same) return same.error();
    if (*same) return {};
    if (auto st = clear_path(fs, path); !st) return st;
    return fs.make_symlink(path, *target, *uid, *gid);
  }
  return bad_record("unknown kind");
}

}  // namespace

engine::Result<std::optional<Snapshot>> take_snapshot(const RootedFs& fs, std::string_view path) {
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  if (!meta->has_value()) return std::optional<Snapshot>();
  Snapshot snapshot{**meta, {}, {}};
  switch (snapshot.meta.kind) {
    case FileKind::kFile: {
      auto bytes = fs.read_file(path);
      if (!bytes) return bytes.error();
      snapshot.content = std::move(*bytes);
      break;
    }
    case FileKind::kSymlink: {
      auto target = fs.read_link(path);
      if (!target) return target.error();
      snapshot.target = std::move(*target);
      break;
    }
    case FileKind::kDirectory:
      break;
    case FileKind::kOther:
      return make_error(codes::kSpecialFile,
                        "a FIFO, socket or device stands here; twin never changes those",
                        std::string(path));
  }
  return std::optional<Snapshot>(std::move(snapshot));
}

engine::Result<json> restore_record(std::string_view path, const std::optional<Snapshot>& before,
                                    engine::Checkpoint& checkpoint) {
  json data = {{"op", "restore"}, {"path", encode_bytes(path)}, {"before", nullptr}};
  if (!before) return data;
  json old = {{"kind", std::string(kind_name(before->meta.kind))},
              {"mode", static_cast<unsigned>(before->meta.mode)},
              {"uid", static_cast<unsigned>(before->meta.uid)},
              {"gid", static_cast<unsigned>(before->meta.gid)}};
  if (before->meta.kind == FileKind::kFile) {
    auto blob = checkpoint.save_blob(before->content);
    if (!blob) return blob.error();
    old["blob"] = *blob;
  } else if (before->meta.kind == FileKind::kSymlink) {
    old["target"] = encode_bytes(before->target);
  }
  data["before"] = std::move(old);
  return data;
}

json chmod_record(std::string_view path, mode_t old_mode) {
  return {{"op", "chmod"}, {"path", encode_bytes(path)}, {"mode", static_cast<unsigned>(old_mode)}};
}

json chown_record(std::string_view path, uid_t old_uid, gid_t old_gid) {
  return {{"op", "chown"},
          {"path", encode_bytes(path)},
          {"uid", static_cast<unsigned>(old_uid)},
          {"gid", static_cast<unsigned>(old_gid)}};
}

Status undo_file_record(const json& data, const RootedFs& fs,
                        const engine::Checkpoint& checkpoint) {
  if (!data.is_object() || !data.contains("op") || !data["op"].is_string() ||
      !data.contains("path"))
    return bad_record("no op or path");
  auto path = decode_bytes(data["path"]);
  if (!path) return bad_record("bad path");
  const auto& op = data["op"].get_ref<const std::string&>();
  if (op == "restore") {
    if (!data.contains("before")) return bad_record("no before");
    return restore(fs, *path, data["before"], checkpoint);
  }
  // Like restore: a mode or owner that is already the old one is left alone.
  auto meta = fs.lstat(*path);
  if (!meta) return meta.error();
  if (op == "chmod") {
    auto mode = number_field(data, "mode");
    if (!mode) return bad_record("no mode");
    if (meta->has_value() && (*meta)->mode == *mode) return {};
    return fs.chmod(*path, *mode);
  }
  if (op == "chown") {
    auto uid = number_field(data, "uid");
    auto gid = number_field(data, "gid");
    if (!uid || !gid) return bad_record("no uid or gid");
    if (meta->has_value() && (*meta)->uid == *uid && (*meta)->gid == *gid) return {};
    return fs.chown(*path, *uid, *gid);
  }
  return bad_record("unknown op");
}

}  // namespace twin::resources

#include "engine/repo/twin_loader.h"

#include <algorithm>
#include <map>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/core/twin_read.h"
#include "engine/repo/module_names.h"
#include "lang/load.h"
#include "stdlib/stdlib.h"

namespace twin::engine {
namespace {

// Serves imports, file() and template() from the twin directory. lang/
// hands over normalised relative paths only (no "..", no leading '/').
// Reads beneath the twin's top directory (engine/core/twin_read.h): no
// link in the twin can make file(), template() or import read a host file.
class TwinDirReader : public lang::SourceReader {
 public:
  explicit TwinDirReader(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::optional<std::string> read(const std::string& path) override {
    auto text = read_twin_file(dir_, path);
    if (!text) {
      problems_[path] = text.error().message.substr(text.error().message.find(": ") + 2);
      return std::nullopt;
    }
    return std::move(text).value();
  }
  std::string why_unreadable(const std::string& path) const override {
    auto it = problems_.find(path);
    return it == problems_.end() ? std::string() : it->second;
  }

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::string> problems_;
};

}  // namespace

Result<LoadedTwin> load_twin(const std::filesystem::path& twin_dir, lang::DiagnosticSink& sink,
                             const lang::Value& facts) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path state = TwinLayout(twin_dir).state();
  if (!fs::is_directory(state, ec))
    return make_error("E1201", "not a twin: no state/ directory", twin_dir.string());

  // state/ itself may be a link out of the twin: refuse it before listing.
  if (fs::is_symlink(state, ec)) {
    auto probe = read_twin_file(twin_dir, std::string(layout::kState) + "/.");
    if (!probe && probe.error().message.find("leads out of the twin") != std::string::npos)
      return make_error("E1211", "state/ is a symbolic link that leads out of the twin",
                        state.string());
  }
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(state, ec))
    if (entry.path().extension() == layout::kManifestExtension &&
        (entry.is_regular_file() || entry.is_symlink()))
      paths.push_back(entry.path());
  if (ec) return make_error("E1202", "cannot list manifests: " + ec.message(), state.string());
  std::sort(paths.begin(), paths.end());

  LoadedTwin twin;
  twin.dir = twin_dir;
  for (const auto& path : paths) {
    // Beneath the twin: a manifest linked to a host file is refused, not read.
    auto text = read_twin_file(twin_dir, path.lexically_relative(twin_dir).string());
    if (!text) return text.error();
    // Diagnostics name manifests relative to the twin, as a user edits them.
    twin.sources.push_back(lang::make_source(path.lexically_relative(twin_dir).string(), *text));
  }
  TwinDirReader reader(twin_dir);
  lang::MemoryReader std_reader;
  for (const auto& file : stdlib::library())
    std_reader.add(std::string(file.name), std::string(file.text));
  lang::LoadOptions options{&reader, facts, &std_reader};
  // `import "modules/NAME/FILE.twin"` reaches a fleet module from any file.
  options.modules_dir = kModulesDir;
  options.missing_module_hint =
      "is the module listed under `modules:` in config.yaml? `twin modules update` fetches it "
      "into modules/";
  twin.resources = lang::load(twin.sources, options, sink);
  return twin;
}

}  // namespace twin::engine

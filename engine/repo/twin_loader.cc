#include "engine/repo/twin_loader.h"

#include <algorithm>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/repo/module_names.h"
#include "lang/load.h"
#include "stdlib/stdlib.h"

namespace twin::engine {
namespace {

// Serves imports, file() and template() from the twin directory. lang/
// hands over normalised relative paths only (no "..", no leading '/').
class TwinDirReader : public lang::SourceReader {
 public:
  explicit TwinDirReader(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::optional<std::string> read(const std::string& path) override {
    auto text = read_whole_file(dir_ / path);
    if (!text) return std::nullopt;
    return std::move(text).value();
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

Result<LoadedTwin> load_twin(const std::filesystem::path& twin_dir, lang::DiagnosticSink& sink,
                             const lang::Value& facts) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path state = TwinLayout(twin_dir).state();
  if (!fs::is_directory(state, ec))
    return make_error("E1201", "not a twin: no state/ directory", twin_dir.string());

  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(state, ec))
    if (entry.path().extension() == layout::kManifestExtension && entry.is_regular_file())
      paths.push_back(entry.path());
  if (ec) return make_error("E1202", "cannot list manifests: " + ec.message(), state.string());
  std::sort(paths.begin(), paths.end());

  LoadedTwin twin;
  twin.dir = twin_dir;
  for (const auto& path : paths) {
    auto text = read_whole_file(path);
    if (!text) return text.error();
    // Diagnostics name manifests relative to the twin, as a user edits them.
    twin.sources.push_back(lang::make_source(fs::relative(path, twin_dir).string(), *text));
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

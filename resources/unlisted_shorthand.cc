#include "resources/unlisted_shorthand.h"

#include <fmt/format.h>

#include "resources/account_names.h"

namespace twin::resources {

void validate_unlisted(const engine::Resource& resource, const UnlistedCodes& codes,
                       lang::DiagnosticSink& sink) {
  constexpr char kOnlyTitle[] = "unlisted";
  if (resource.title != kOnlyTitle)
    sink.error(codes.title,
               fmt::format("`{}` is only declared as {} \"{}\"", resource.type, resource.type,
                           kOnlyTitle),
               resource.title_span,
               fmt::format("write {} \"{}\" {{ ensure = \"absent\" }}", resource.type, kOnlyTitle));
  const lang::Attribute* keep = resource.find("keep");
  if (!keep || !keep->value.is_list()) return;
  for (const auto& item : keep->value.as_list())
    if (item.is_string() && !is_valid_user_name(item.as_string()))
      sink.error(codes.keep,
                 fmt::format("`keep` entry \"{}\" is not a {} name", item.as_string(), codes.kept),
                 item.span, "names are [a-z_][a-z0-9_-]*, as in etc/passwd");
}

}  // namespace twin::resources

#include "cli/ops/git_auth.h"

#include <memory>

#include "engine/repo/credentials.h"

namespace twin::ops {

engine::GitAuth stored_git_auth(Reporter& reporter) {
  auto store = engine::CredentialStore::load_default();
  if (!store) {
    reporter.warning(store.error().text());
    return {};
  }
  auto shared = std::make_shared<engine::CredentialStore>(std::move(store).value());
  return {[shared](const std::string& url) { return shared->token_for_url(url); }};
}

}  // namespace twin::ops

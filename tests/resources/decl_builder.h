// Test support: builds lang::ResourceDecl values directly in C++, with real
// spans into a small source, so provider tests do not depend on the parser.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "lang/resource_decl.h"
#include "lang/source.h"

namespace twin::resources::testing {

/// Each call to attr() gets its own span; tests compare diagnostic spans
/// with the spans recorded here.
class DeclBuilder {
 public:
  DeclBuilder(std::string type, std::string title)
      : source_(lang::make_source("test.twin", std::string(4096, ' '))) {
    decl_.type = std::move(type);
    decl_.title = std::move(title);
    decl_.type_span = next_span();
    decl_.title_span = next_span();
    decl_.span = decl_.title_span;
  }

  DeclBuilder& attr(std::string name, lang::Value::Data data) {
    lang::Attribute a;
    a.name = std::move(name);
    a.name_span = next_span();
    a.value.data = std::move(data);
    a.value.span = next_span();
    decl_.attributes.push_back(std::move(a));
    return *this;
  }
  DeclBuilder& str(std::string name, std::string value) {
    return attr(std::move(name), lang::Value::Data(std::move(value)));
  }

  lang::ResourceDecl build() const { return decl_; }

 private:
  lang::Span next_span() {
    lang::Span span{source_, offset_, offset_ + 5};
    offset_ += 10;
    return span;
  }

  lang::SourcePtr source_;
  std::size_t offset_ = 0;
  lang::ResourceDecl decl_;
};

}  // namespace twin::resources::testing

// Errors in engine and resources are values: a stable code, a one-line
// message, and optional context (the path or command it concerns) and span.
// Exceptions never cross a module boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "lang/source.h"

namespace twin::engine {

struct Error {
  std::string code;     // e.g. "E3001"
  std::string message;  // what went wrong, for a person
  std::string context;  // the path, command or resource concerned; may be empty
  lang::Span span;      // where in a manifest, when known

  /// "message (context)" or "message".
  std::string text() const { return context.empty() ? message : message + " (" + context + ")"; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Error make_error(std::string code, std::string message, std::string context = {}) {
  return Error{std::move(code), std::move(message), std::move(context), {}};
}

}  // namespace twin::engine

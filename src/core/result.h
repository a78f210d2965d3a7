#pragma once
// Ordinary failures are values: a Result<T> holds either a T or an Error.
// Exceptions are kept for what aborts a whole request, and caught at the server edge.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kith {

// A problem with one input field, named the way the user knows it.
struct FieldError {
  std::string field;
  std::string message;
};

// An error a client can see. `code` is stable and listed in docs/http.md.
struct Error {
  std::string code;
  std::string message;
  std::vector<FieldError> fields;

  static Error validation(std::vector<FieldError> fields) {
    return Error{"validation-failed", "Some of the information given is not valid", std::move(fields)};
  }
  static Error not_found(std::string what) { return Error{"not-found", std::move(what), {}}; }
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result for operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace kith

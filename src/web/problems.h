#pragma once
// Every error code a client can see, with its HTTP status and meaning. docs/http.md
// lists the same codes; a test keeps the two in step.
#include <string>
#include <vector>

#include "core/result.h"
#include "web/http.h"

namespace kith::web {

struct ProblemType {
  std::string code;
  int status;
  std::string title;
};

const std::vector<ProblemType>& problem_types();
// The registered type for `code`; unknown codes are a programming error and map to internal-error.
const ProblemType& problem_type(const std::string& code);

// An RFC 9457 problem+json body for `error`.
Json problem_body(const Error& error, const std::string& instance);
Response problem_response(const Error& error, const std::string& instance);

}  // namespace kith::web

#include "web/problems.h"

namespace kith::web {

const std::vector<ProblemType>& problem_types() {
  static const std::vector<ProblemType> types = {
      {"validation-failed", 422, "Some of the information given is not valid"},
      {"bad-json", 400, "The request body is not a JSON object that Kith can read"},
      {"unsupported-media-type", 415, "Send the request body as application/json"},
      {"csrf-failed", 403, "The form has expired or did not come from this site"},
      {"unauthenticated", 401, "You need to sign in"},
      {"forbidden", 403, "Your role does not allow this"},
      {"record-restricted", 403, "This record is open only to the people working with this person"},
      {"not-found", 404, "Not found"},
      {"method-not-allowed", 405, "That method is not allowed here"},
      {"not-implemented", 501, "Kith does not know that method"},
      {"payload-too-large", 413, "The request body is too large"},
      {"header-too-large", 431, "The request's headers are too large"},
      {"bad-request", 400, "The request is not well formed"},
      {"invalid-utf8", 400, "Some of the text sent is not valid UTF-8"},
      {"too-deep", 400, "The JSON body is nested too deeply"},
      {"too-many-fields", 400, "The request has too many fields"},
      {"field-too-long", 400, "A value sent is too long"},
      {"control-character", 400, "A value sent has a control character in it"},
      {"too-many-attempts", 429, "Too many sign-in attempts"},
      {"too-many-requests", 429, "Too many forms sent from this connection"},
      {"sign-in-failed", 401, "The email address or password is not right"},
      {"email-not-confirmed", 403, "The account's email address is not confirmed yet"},
      {"conflict", 409, "That conflicts with what is already stored"},
      {"limit", 409, "That would break a balance limit"},
      {"closed", 409, "That round is not open"},
      {"already-voted", 409, "That vote has already been cast"},
      {"conflict-of-interest", 409, "A declared conflict of interest stops this"},
      {"internal-error", 500, "Something went wrong on our side"},
      {"unavailable", 503, "The service is not ready"},
  };
  return types;
}

const ProblemType& problem_type(const std::string& code) {
  for (const auto& t : problem_types())
    if (t.code == code) return t;
  return problem_type("internal-error");
}

Json problem_body(const Error& error, const std::string& instance) {
  const ProblemType& t = problem_type(error.code);
  Json body = {{"type", "/problems/" + t.code},
               {"title", t.title},
               {"status", t.status},
               {"code", t.code},
               {"detail", error.message.empty() ? t.title : error.message}};
  // Left out where the request's own address could not be read (RFC 9457 makes it optional).
  if (!instance.empty()) body["instance"] = instance;
  if (!error.fields.empty()) {
    Json errors = Json::array();
    for (const auto& f : error.fields) errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = errors;
  }
  return body;
}

Response problem_response(const Error& error, const std::string& instance) {
  Json body = problem_body(error, instance);
  Response r;
  r.status = body["status"].get<int>();
  r.content_type = "application/problem+json";
  r.body = body.dump(2, ' ', false, Json::error_handler_t::replace);
  return r;
}

}  // namespace kith::web

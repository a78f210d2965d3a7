#pragma once
// Stories and outcomes (Dudley): the rules, pure — perspectives, consent levels and
// what each allows, and checking a story as told.
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::stories {

struct Choice {
  std::string id;
  std::string label;
};

// Who is telling: the person, the community, a professional, a programme lead, a
// funder or a policy maker (Chorley's evaluation voices).
const std::vector<Choice>& perspectives();
// Consent, granular: publish with my name, publish anonymously, use only for
// evaluation, or do not use.
const std::vector<Choice>& consents();
std::string label_of(const std::vector<Choice>& list, const std::string& id);

// What a consent allows.
bool may_publish(const std::string& consent);             // named, anonymous
bool may_show_name(const std::string& consent);           // named
bool may_use_for_evaluation(const std::string& consent);  // named, anonymous, evaluation

struct Telling {
  std::string title, body, teller_name, postcode, perspective, consent;
  std::vector<std::string> outcomes;  // slugs
};
// Checks a story as told: every problem named by its field. Markup is refused (it
// would be shown as text anyway); a named story needs a name.
Status check(const Telling& t);

}  // namespace kith::stories

#include "stories/stories.h"

#include <cctype>

#include "core/text.h"

namespace kith::stories {

const std::vector<Choice>& perspectives() {
  static const std::vector<Choice> all = {{"person", "My own story"},
                                          {"community", "As part of a community or group"},
                                          {"professional", "As a professional or worker"},
                                          {"programme-lead", "As a programme lead"},
                                          {"funder", "As a funder"},
                                          {"policy-maker", "As a policy maker"}};
  return all;
}

const std::vector<Choice>& consents() {
  static const std::vector<Choice> all = {{"named", "Publish it with my name"},
                                          {"anonymous", "Publish it without my name"},
                                          {"evaluation", "Use it only to understand what works (never published)"},
                                          {"none", "Do not use it"}};
  return all;
}

std::string label_of(const std::vector<Choice>& list, const std::string& id) {
  for (const auto& c : list)
    if (c.id == id) return c.label;
  return id;
}

bool may_publish(const std::string& consent) { return consent == "named" || consent == "anonymous"; }
bool may_show_name(const std::string& consent) { return consent == "named"; }
bool may_use_for_evaluation(const std::string& consent) { return consent != "none"; }

namespace {

bool known(const std::vector<Choice>& list, const std::string& id) {
  for (const auto& c : list)
    if (c.id == id) return true;
  return false;
}

}  // namespace

Status check(const Telling& t) {
  std::vector<FieldError> errors;
  if (trim(t.title).empty() || trim(t.title).size() > 120)
    errors.push_back({"title", "Give your story a title of up to 120 characters"});
  else if (has_markup(t.title))
    errors.push_back({"title", "The title must be plain text, without HTML such as <script>"});
  if (trim(t.body).size() < 20 || trim(t.body).size() > 10000)
    errors.push_back({"body", "Tell your story in 20 to 10,000 characters"});
  else if (has_markup(t.body))
    errors.push_back({"body", "Your story must be plain text, without HTML such as <script>"});
  if (!known(perspectives(), t.perspective))
    errors.push_back({"perspective", "Say from which point of view you tell it"});
  if (!known(consents(), t.consent)) errors.push_back({"consent", "Say how we may use your story"});
  if (t.consent == "named" && trim(t.teller_name).empty())
    errors.push_back({"teller_name", "Give your name to publish it with your name, or choose to publish it without"});
  if (has_markup(t.teller_name)) errors.push_back({"teller_name", "Your name must be plain text"});
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

}  // namespace kith::stories

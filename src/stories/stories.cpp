#include "stories/stories.h"

#include <cctype>

#include "core/person_name.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"

namespace kith::stories {

const std::vector<Choice>& perspectives() {
  static const std::vector<Choice> all = {{"person", i18n::msg("My own story")},
                                          {"community", i18n::msg("As part of a community or group")},
                                          {"professional", i18n::msg("As a professional or worker")},
                                          {"programme-lead", i18n::msg("As a programme lead")},
                                          {"funder", i18n::msg("As a funder")},
                                          {"policy-maker", i18n::msg("As a policy maker")}};
  return all;
}

const std::vector<Choice>& consents() {
  static const std::vector<Choice> all = {
      {"named", i18n::msg("Publish it with my name")},
      {"anonymous", i18n::msg("Publish it without my name")},
      {"evaluation", i18n::msg("Use it only to understand what works (never published)")},
      {"none", i18n::msg("Do not use it")}};
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
  if (!i18n::Languages::embedded().find(t.language))
    errors.push_back({"language", "Choose the language your story is written in"});
  if (t.consent == "named" && trim(t.teller_name).empty())
    errors.push_back({"teller_name", "Give your name to publish it with your name, or choose to publish it without"});
  else if (!trim(t.teller_name).empty())
    if (auto problem = person_name_problem(t.teller_name, i18n::msg("Your name")))
      errors.push_back({"teller_name", *problem});
  if (!t.photo.empty() && (trim(t.photo_alt).empty() || t.photo_alt.size() > 300))
    errors.push_back({"photo_alt", "Say in up to 300 characters what the photo shows, for people who cannot see it"});
  else if (has_markup(t.photo_alt))
    errors.push_back({"photo_alt", "The description of the photo must be plain text"});
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

namespace {

// "Having a say" -> "having a say", to follow "Mostly"; "NHS staff" stays as it is.
std::string mid_sentence(const std::string& label) {
  if (label.size() < 2 || !std::isupper(static_cast<unsigned char>(label[0])) ||
      !std::islower(static_cast<unsigned char>(label[1])))
    return label;
  return static_cast<char>(std::tolower(static_cast<unsigned char>(label[0]))) + label.substr(1);
}

}  // namespace

// The starting questions' words, for the catalogues (shown through spoken()).
[[maybe_unused]] constexpr const char* kSeededSignifierWords[] = {i18n::msg("In this story, who made the difference?"),
                                                                  i18n::msg("Services and professionals"),
                                                                  i18n::msg("People themselves"),
                                                                  i18n::msg("What mattered most?"),
                                                                  i18n::msg("Having someone to talk to"),
                                                                  i18n::msg("Having something to do"),
                                                                  i18n::msg("Having a say")};

Signifier spoken(Signifier s) {
  for (auto* text : {&s.prompt, &s.label_a, &s.label_b, &s.label_c})
    if (!text->empty()) *text = i18n::tr(*text);
  return s;
}

std::vector<Signifier> spoken(std::vector<Signifier> all) {
  for (auto& s : all) s = spoken(std::move(s));
  return all;
}

std::vector<Choice> answer_choices(const Signifier& s) {
  std::string a = mid_sentence(s.label_a);
  std::string b = mid_sentence(s.label_b);
  std::string c = mid_sentence(s.label_c);
  // Toward one end or corner (`english` with {end}), or between two ({first} and {second}).
  auto toward = [](const char* english, const std::string& end) { return i18n::tr(english, {{"end", end}}); };
  auto between = [](const std::string& first, const std::string& second) {
    return i18n::tr("{first} and {second}", {{"first", first}, {"second", second}});
  };
  if (s.kind == "slider") {
    return {{"0", toward(i18n::msg("Entirely {end}"), a)},  {"17", toward(i18n::msg("Mostly {end}"), a)},
            {"33", toward(i18n::msg("Somewhat {end}"), a)}, {"50", i18n::tr("Equally both")},
            {"67", toward(i18n::msg("Somewhat {end}"), b)}, {"83", toward(i18n::msg("Mostly {end}"), b)},
            {"100", toward(i18n::msg("Entirely {end}"), b)}};
  }
  return {{"80,10,10", toward(i18n::msg("Mostly {end}"), a)},
          {"10,80,10", toward(i18n::msg("Mostly {end}"), b)},
          {"10,10,80", toward(i18n::msg("Mostly {end}"), c)},
          {"45,45,10", between(s.label_a, b)},
          {"10,45,45", between(s.label_b, c)},
          {"45,10,45", between(s.label_a, c)},
          {"33,33,34", i18n::tr("All three equally")}};
}

Result<std::optional<Answer>> parse_answer(const Signifier& s, const std::string& raw) {
  std::string field = "signifier-" + std::to_string(s.id);
  if (trim(raw).empty()) return std::optional<Answer>{};
  auto parts = split(trim(raw), ',');
  std::vector<int> values;
  for (const auto& p : parts) {
    auto v = parse_int(trim(p));
    if (!v || *v < 0 || *v > 100) break;
    values.push_back(static_cast<int>(*v));
  }
  if (s.kind == "slider") {
    if (values.size() != 1 || parts.size() != 1)
      return Error::validation(
          {{field, i18n::tr("Answer \"{question}\" with a number from 0 to 100", {{"question", s.prompt}})}});
    return std::optional<Answer>{Answer{s.id, values[0], 0, 0}};
  }
  if (values.size() != 3 || parts.size() != 3 || values[0] + values[1] + values[2] != 100)
    return Error::validation(
        {{field, i18n::tr("Answer \"{question}\" with three shares that add up to 100", {{"question", s.prompt}})}});
  return std::optional<Answer>{Answer{s.id, values[0], values[1], values[2]}};
}

Status check(const Signifier& s) {
  std::vector<FieldError> errors;
  if (s.kind != "slider" && s.kind != "triad") errors.push_back({"kind", "Choose a slider or a three-way choice"});
  if (trim(s.prompt).empty() || s.prompt.size() > 200 || has_markup(s.prompt))
    errors.push_back({"prompt", "Ask the question in up to 200 characters of plain text"});
  auto label = [&](const std::string& field, const std::string& v) {
    if (trim(v).empty() || v.size() > 60 || has_markup(v))
      errors.push_back({field, i18n::tr("Name each end or corner in up to 60 characters of plain text")});
  };
  label("label_a", s.label_a);
  label("label_b", s.label_b);
  if (s.kind == "triad") label("label_c", s.label_c);
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

}  // namespace kith::stories

#pragma once
// Stories and outcomes (Dudley): the rules, pure — perspectives, consent levels and
// what each allows, signifier questions and their answers, and checking a story as told.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/photo.h"

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

// A question the place asks of every story, SenseMaker-style, so that tellers
// interpret their own stories: a slider between two poles, or a three-way choice
// between three corners.
struct Signifier {
  std::int64_t id = 0;
  std::string kind;  // "slider" or "triad"
  std::string prompt;
  std::string label_a, label_b, label_c;
  bool retired = false;
};

// A slider's answer: a, from 0 (pole a) to 100 (pole b). A triad's: shares a, b, c
// of 100 for its three corners.
struct Answer {
  std::int64_t signifier_id = 0;
  int a = 0;
  int b = 0;
  int c = 0;
};

// A question as a page says it: the questions every place starts with (migration
// 0013) in the page's language; those an admin wrote, as written.
Signifier spoken(Signifier s);
std::vector<Signifier> spoken(std::vector<Signifier> all);

// The answers a form offers, as values parse_answer reads: a slider's seven steps
// from one pole to the other; a triad's three corners, three edges and its middle.
std::vector<Choice> answer_choices(const Signifier& s);
// Reads "a" (slider) or "a,b,c" (triad, summing to 100); "" is no answer.
Result<std::optional<Answer>> parse_answer(const Signifier& s, const std::string& raw);
// Checks a new signifier question as an admin sets it.
Status check(const Signifier& s);

struct Telling {
  std::string title, body, teller_name, postcode, perspective, consent;
  std::vector<std::string> outcomes;  // slugs
  // Answers to signifier questions by signifier id, as the form sends them.
  std::vector<std::pair<std::int64_t, std::string>> answers;
  std::string photo;  // the uploaded file, if any
  std::string photo_alt;
  std::string language = "en";  // what it is written in: a language Kith speaks
  // The photo already re-encoded (stories_http's prepare_photo, before the request's
  // transaction); tell() re-encodes `photo` itself when this is empty.
  std::optional<Result<media::Photo>> encoded;
};
// Checks a story as told: every problem named by its field. Markup is refused (it
// would be shown as text anyway); a named story needs a name.
Status check(const Telling& t);

}  // namespace kith::stories

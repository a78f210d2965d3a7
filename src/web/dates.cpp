#include "web/dates.h"

#include "core/clock.h"
#include "web/resubmitted.h"

namespace kith::web {

std::string date_answer(const Input& in, const std::string& field, const std::string& prefix, const std::string& what,
                        std::optional<FieldError>& bad) {
  if (!in.get(field).empty() || !(in.has(prefix + "_day") || in.has(prefix + "_month") || in.has(prefix + "_year")))
    return in.get(field);
  auto a = date_from_parts(prefix, what, in.get(prefix + "_day"), in.get(prefix + "_month"), in.get(prefix + "_year"));
  bad = a.error;
  return a.iso;
}

Status with_date_fault(Status s, const Ctx& ctx, const Input& in, const std::string& field,
                       const std::optional<FieldError>& bad) {
  // A part at fault is named with the rest (what was written is rolled back).
  if (bad && (s || s.error().code == "validation-failed")) {
    std::vector<FieldError> fields{*bad};
    if (!s)
      for (const auto& f : s.error().fields)
        if (f.field != field) fields.push_back(f);
    return Error::validation(std::move(fields));
  }
  bool parts = in.has(field + "_day") || in.has(field + "_month") || in.has(field + "_year");
  if (s || (ctx.is_api && !parts)) return s;
  // The service's error about the date goes to the day (GOV.UK links a whole-date error
  // to its first part).
  Error e = s.error();
  for (auto& f : e.fields)
    if (f.field == field) f.field = field + "_day";
  return e;
}

Json date_input(const Ctx& ctx, const std::string& id, const std::string& name, const std::string& iso,
                const Input* sent) {
  Json v = {{"id", id}, {"name", name}, {"error", ""}};
  auto unpadded = [](const std::string& s) { return s.size() == 2 && s[0] == '0' ? s.substr(1) : s; };
  for (const char* part : {"day", "month", "year"}) {
    std::string field = id + "_" + part;
    if (sent)
      v[part] = sent->get(name + "_" + part);
    else if (is_iso_date(iso))
      v[part] = std::string(part) == "year" ? iso.substr(0, 4) : unpadded(iso.substr(part[0] == 'd' ? 8 : 5, 2));
    else
      v[part] = "";
    auto message = ctx.failed_message(field);
    v[std::string("error_") + part] = !message.empty();
    if (!message.empty() && v["error"] == "") v["error"] = message;
  }
  return v;
}

Json date_input(const Ctx& ctx, const std::string& id, const std::string& name, const std::string& iso,
                const std::string& form) {
  if (!ctx.failed) return date_input(ctx, id, name, iso, nullptr);
  Input was = resubmitted(ctx);
  return date_input(ctx, id, name, iso, was.get("do") == form ? &was : nullptr);
}

}  // namespace kith::web

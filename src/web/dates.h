#pragma once
// Dates on forms as GOV.UK date inputs (day, month and year boxes): read whole from the
// API or in parts from a page, their faults said on the part at fault, and drawn again
// with what was written when a form comes back (templates/forms/_date.html).
#include <optional>
#include <string>

#include "web/http.h"

namespace kith::web {

// A date: FIELD as YYYY-MM-DD (the API), else a date input's PREFIX_day, PREFIX_month
// and PREFIX_year. A part at fault goes into `bad` ("Start date must include a month").
std::string date_answer(const Input& in, const std::string& field, const std::string& prefix, const std::string& what,
                        std::optional<FieldError>& bad);

// A write's outcome with its date input's faults said on the parts: a part at fault is
// named with the other errors, and the service's error about FIELD goes to FIELD_day
// (GOV.UK links a whole-date error to its first part). The API, sending FIELD whole,
// keeps FIELD.
Status with_date_fault(Status s, const Ctx& ctx, const Input& in, const std::string& field,
                       const std::optional<FieldError>& bad);

// The view of a date input's parts for templates/forms/_date.html (the page writes its
// legend and hint around it): ids from `id`, names from `name`, the parts from `iso`, or
// from `sent` when its form came back, and the failed action's message for any part.
Json date_input(const Ctx& ctx, const std::string& id, const std::string& name, const std::string& iso,
                const Input* sent);
// As above, the parts from the form that came back, if one did and its `do` was `form`
// (a page with several forms tells them apart by their `do`; "" for a page's only form).
Json date_input(const Ctx& ctx, const std::string& id, const std::string& name, const std::string& iso,
                const std::string& form);

}  // namespace kith::web
